package io.seatline.dialer.internal.sim;

import io.seatline.dialer.PacingStrategy;
import io.seatline.dialer.internal.pacing.AdaptiveFeedbackPacing;
import io.seatline.dialer.internal.pacing.ProgressivePacing;
import io.seatline.dialer.internal.pacing.SeatlinePredictivePacing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints the pacing table of BENCHMARKS.md: each scenario run with each strategy on the same seeds (8 simulated
 * hours each), averaged. {@code java -cp bench/target/seatline-benchmarks.jar io.seatline.dialer.internal.sim.PacingBenchmark [seeds]}
 */
public final class PacingBenchmark {
    /** The constrained-MDP optimum of the reference case (issue 5) at 3 % abandon. */
    public static final double OPTIMUM = 0.870;

    private PacingBenchmark() {
    }

    record Scenario(String name, java.util.function.LongFunction<Simulator.Config> config) {
    }

    public static List<Scenario> scenarios() {
        return List.of(
            new Scenario("reference: 20 agents, p 0.3, exp ring 20 s / talk 120 s / wrap 10 s", s -> Simulator.Config.reference(20, s)),
            new Scenario("lognormal talk (mean 120 s, sigma 1.0)", s -> new Simulator.Config(20, 8, s, t -> 0.3, Simulator.exponential(20),
                Simulator.lognormal(120, 1.0), Simulator.exponential(10), 0.03)),
            new Scenario("p drifting 0.4 -> 0.2 over the run", s -> new Simulator.Config(20, 8, s, t -> 0.4 - 0.2 * t / (8 * 3600),
                Simulator.exponential(20), Simulator.exponential(120), Simulator.exponential(10), 0.03)),
            new Scenario("5 agents", s -> Simulator.Config.reference(5, s)),
            new Scenario("50 agents", s -> Simulator.Config.reference(50, s)));
    }

    public static List<String> strategyNames() {
        return List.of("progressive 1:1", "VICIdial-style adaptive", "Seatline predictive");
    }

    public static Supplier<PacingStrategy> strategy(String name) {
        return switch (name) {
            case "progressive 1:1" -> ProgressivePacing::new;
            case "VICIdial-style adaptive" -> AdaptiveFeedbackPacing::new;
            default -> SeatlinePredictivePacing::new;
        };
    }

    /** The mean result of {@code seeds} runs (seeds 1..n). */
    public static Simulator.Result mean(Scenario sc, String name, int seeds) {
        List<Simulator.Result> rs = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            rs.add(Simulator.run(sc.config().apply(seed), name, strategy(name).get()));
        }
        double occ = rs.stream().mapToDouble(Simulator.Result::occupancy).average().orElse(0);
        long answered = rs.stream().mapToLong(Simulator.Result::answered).sum();
        long abandoned = rs.stream().mapToLong(Simulator.Result::abandoned).sum();
        double cph = rs.stream().mapToDouble(Simulator.Result::contactsPerAgentHour).average().orElse(0);
        double worst = rs.stream().mapToDouble(Simulator.Result::abandonRate).max().orElse(0);
        return new Simulator.Result(name + String.format(Locale.ROOT, " (worst seed abandon %.2f %%)", 100 * worst), occ,
            answered == 0 ? 0 : (double) abandoned / answered, cph, rs.stream().mapToLong(Simulator.Result::dialled).sum(), answered,
            abandoned, rs.stream().mapToLong(Simulator.Result::connected).sum());
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.printf(Locale.ROOT, "Pacing simulator: %d seeds x 8 simulated hours per cell; abandon target 3 %%; optimum of the reference case %.3f%n",
            seeds, OPTIMUM);
        for (Scenario sc : scenarios()) {
            System.out.println();
            System.out.println(sc.name());
            System.out.printf(Locale.ROOT, "  %-62s %9s %9s %13s %9s%n", "strategy", "occupancy", "abandon", "contacts/ag-h", "dialled");
            for (String name : strategyNames()) {
                Simulator.Result r = mean(sc, name, seeds);
                System.out.printf(Locale.ROOT, "  %-62s %9.3f %8.2f%% %13.2f %9d%n", r.strategy(), r.occupancy(), 100 * r.abandonRate(),
                    r.contactsPerAgentHour(), r.dialled());
            }
        }
    }
}
