package io.seatline.wfm.bench;

import io.seatline.wfm.Erlang;
import io.seatline.wfm.Forecaster;
import io.seatline.wfm.Requirement;
import io.seatline.wfm.Scheduler;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The workforce-management maths measured: {@code java -cp bench/target/seatline-benchmarks.jar
 * io.seatline.wfm.bench.WfmBenchmark [forecast seeds] [schedule seeds]}.
 *
 * <ul>
 *   <li>Erlang: agents required for 10 to 4,000 Erlangs (Erlang C and A), time per answer.</li>
 *   <li>Forecast: WAPE against the seasonal-naive baseline on generated histories (trend, weekday and intraday
 *       seasonality, holidays, Poisson noise), 10 weeks learnt and 2 held out per seed; mean, spread, worst.</li>
 *   <li>Scheduler: 200 agents, 4 weeks of 30-minute intervals, a two-peak requirement from Erlang C at 80/20 whose
 *       volume and peaks vary with the seed; paid hours against the LP bound, missing and surplus agent-hours, time.</li>
 * </ul>
 */
public final class WfmBenchmark {
    private WfmBenchmark() {}

    public static void main(String[] args) {
        int forecastSeeds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int scheduleSeeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        erlang();
        forecast(forecastSeeds);
        schedule(scheduleSeeds);
    }

    static void erlang() {
        System.out.println("== Erlang: agents required at 80 % in 20 s (AHT 240 s, 30-minute interval)");
        for (double erlangs : new double[] {10, 100, 1000, 4000}) {
            double calls = erlangs * 1800 / 240;
            long t0 = System.nanoTime();
            Requirement c = Requirement.of(calls, 1800, 240, Requirement.Target.serviceLevel(0.8, 20), Double.POSITIVE_INFINITY);
            long tc = System.nanoTime() - t0;
            t0 = System.nanoTime();
            Requirement a = Requirement.of(calls, 1800, 240, Requirement.Target.serviceLevel(0.8, 20), 120);
            long ta = System.nanoTime() - t0;
            System.out.printf("  %6.0f Erlangs: Erlang C %5d agents (SL %.3f, ASA %.1f s) in %.2f ms; Erlang A, patience 120 s: %5d agents"
                + " (SL %.3f, abandon %.3f) in %.2f ms%n", erlangs, c.onPhones(), c.staffing().serviceLevel(), c.staffing().asaSeconds(),
                tc / 1e6, a.onPhones(), a.staffing().serviceLevel(), a.staffing().abandonRate(), ta / 1e6);
        }
        Erlang.c(1, 1); // warm
    }

    static void forecast(int seeds) {
        System.out.printf("== Forecast: %d seeds, 10 weeks learnt, 2 weeks held out (one holiday in them), 30-minute intervals%n", seeds);
        LocalDate start = LocalDate.of(2026, 1, 5);
        Set<LocalDate> holidays = Set.of(start.plusDays(17), start.plusDays(38), start.plusDays(73), start.plusDays(86));
        double[] f = new double[seeds];
        double[] n = new double[seeds];
        double[] ratio = new double[seeds];
        long time = 0;
        for (int s = 0; s < seeds; s++) {
            SyntheticHistory h = new SyntheticHistory(s + 1, start, 12 * 7, 30, holidays);
            LocalDate from = start.plusWeeks(10);
            long t0 = System.nanoTime();
            List<Forecaster.Interval> fc = Forecaster.forecast(h.before(from), 30, holidays, from, 14, List.of());
            time += System.nanoTime() - t0;
            f[s] = Forecaster.wape(fc, h.actual(from, 14));
            n[s] = Forecaster.wape(Forecaster.seasonalNaive(h.before(from), 30, from, 14), h.actual(from, 14));
            ratio[s] = f[s] / n[s];
        }
        System.out.printf("  WAPE forecast: mean %.4f, min %.4f, max %.4f%n", mean(f), min(f), max(f));
        System.out.printf("  WAPE seasonal naive: mean %.4f, min %.4f, max %.4f%n", mean(n), min(n), max(n));
        System.out.printf("  forecast / naive: mean %.3f, best %.3f, worst %.3f; seeds where the forecast lost: %d; %.1f ms a forecast%n",
            mean(ratio), min(ratio), max(ratio), Arrays.stream(ratio).filter(r -> r >= 1).count(), time / 1e6 / seeds);
    }

    static void schedule(int seeds) {
        System.out.printf("== Scheduler: 200 agents, 4 weeks of 30-minute intervals, %d seeds%n", seeds);
        Scheduler.Template full = new Scheduler.Template("full", LocalTime.of(7, 0), LocalTime.of(13, 0), 540,
            List.of(new Scheduler.BreakRule("BREAK", 30, 90, 180, true), new Scheduler.BreakRule("LUNCH", 60, 210, 330, false)));
        Scheduler.Template part = new Scheduler.Template("part", LocalTime.of(8, 0), LocalTime.of(19, 0), 240, List.of());
        List<Scheduler.Agent> agents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            agents.add(Scheduler.Agent.anyTime("a" + i));
        }
        double[] gaps = new double[seeds];
        double[] secs = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            int[][] need = requirement(new Random(s + 1), 28);
            long t0 = System.nanoTime();
            Scheduler.Result r = Scheduler.schedule(LocalDate.of(2027, 3, 1), need, 30, List.of(full, part), agents);
            secs[s] = (System.nanoTime() - t0) / 1e9;
            gaps[s] = r.gap();
            System.out.printf("  seed %d: %d shifts, paid %.0f h, LP bound %.0f h, gap %.1f %%, missing %.1f agent-h, surplus %.0f agent-h,"
                + " unassigned %d, %.1f s%n", s + 1, r.shifts().size(), r.paidHours(), r.lowerBoundPaidHours(), r.gap() * 100, r.deficitHours(),
                r.overstaffHours(), r.unassigned(), secs[s]);
        }
        System.out.printf("  gap to the lower bound: mean %.1f %%, best %.1f %%, worst %.1f %%; time: mean %.1f s, worst %.1f s%n", mean(gaps) * 100,
            min(gaps) * 100, max(gaps) * 100, mean(secs), max(secs));
    }

    /** Agents on Erlang C (80/20, AHT 240 s) over a two-peak day, 07:00-23:00; weekends lighter; volume and peaks by seed. */
    static int[][] requirement(Random r, int days) {
        double volume = 0.7 + 0.6 * r.nextDouble();
        double morning = 10 + r.nextDouble();
        double afternoon = 14.5 + r.nextDouble() * 1.5;
        int[][] need = new int[days][48];
        for (int d = 0; d < days; d++) {
            double scale = volume * ((d % 7) >= 5 ? 0.5 : 1.0) * (0.95 + 0.1 * r.nextDouble());
            for (int s = 14; s < 46; s++) {
                double hour = (s + 0.5) / 2;
                double calls = scale * (40 + 420 * Math.exp(-Math.pow((hour - morning) / 1.8, 2))
                    + 330 * Math.exp(-Math.pow((hour - afternoon) / 2.2, 2)));
                need[d][s] = Requirement.of(calls, 1800, 240, Requirement.Target.serviceLevel(0.8, 20), Double.POSITIVE_INFINITY).onPhones();
            }
        }
        return need;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
