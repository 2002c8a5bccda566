package io.seatline.dialer.internal.sim;

import io.seatline.dialer.PacingState;
import io.seatline.dialer.PacingStrategy;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * A discrete-event simulation of one outbound campaign, seeded and deterministic. Every dialled call rings for a
 * random time and is then answered by a person with probability p (which may drift with time) or fails; a person
 * who answers when no agent is ready is abandoned. Agents talk, then wrap up, then are ready again.
 *
 * <p>Strategies are compared on identical random streams: the k-th call dialled by any strategy gets the same ring
 * time and the same answer draw, the k-th connected call the same talk and wrap-up times. The strategy is asked
 * once a simulated second, with the state filled as the live dialer fills it.
 */
public final class Simulator {

    /** A positive random duration. */
    public interface Dist {
        double sample(SplittableRandom r);

        double mean();
    }

    public static Dist exponential(double mean) {
        return new Dist() {
            @Override
            public double sample(SplittableRandom r) {
                return -mean * Math.log(1 - r.nextDouble());
            }

            @Override
            public double mean() {
                return mean;
            }
        };
    }

    /** Lognormal with the given mean and log-standard-deviation {@code sigma}. */
    public static Dist lognormal(double mean, double sigma) {
        double mu = Math.log(mean) - sigma * sigma / 2;
        return new Dist() {
            @Override
            public double sample(SplittableRandom r) {
                // Box-Muller
                double u1 = 1 - r.nextDouble();
                double u2 = r.nextDouble();
                return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
            }

            @Override
            public double mean() {
                return mean;
            }
        };
    }

    /**
     * @param agents        agents logged in for the whole run
     * @param hours         simulated time
     * @param seed          the random streams
     * @param liveAt        P(live answer) of a call dialled at second t
     * @param ring          time from dial to answer or failure
     * @param talk          talk time of a connected call
     * @param wrap          wrap-up time after it
     * @param abandonTarget the target the strategy is given (0.03)
     */
    public record Config(int agents, double hours, long seed, DoubleUnaryOperator liveAt, Dist ring, Dist talk, Dist wrap,
                         double abandonTarget) {

        /** The reference case: exponential times, p 0.3, ring 20 s, talk 120 s, wrap 10 s. */
        public static Config reference(int agents, long seed) {
            return new Config(agents, 8, seed, t -> 0.3, exponential(20), exponential(120), exponential(10), 0.03);
        }
    }

    /**
     * @param occupancy            talk + wrap-up time over logged-in time
     * @param abandonRate          abandoned over live answers
     * @param contactsPerAgentHour connected calls per agent per hour
     */
    public record Result(String strategy, double occupancy, double abandonRate, double contactsPerAgentHour, long dialled,
                         long answered, long abandoned, long connected) {
    }

    private static final int RING_END = 0;
    private static final int TALK_END = 1;
    private static final int AGENT_FREE = 2;

    private record Event(double at, long order, int type, int agent, boolean live, double ringSeconds) {
    }

    private Simulator() {
    }

    public static Result run(Config c, String name, PacingStrategy strategy) {
        SplittableRandom calls = new SplittableRandom(c.seed());
        SplittableRandom handles = new SplittableRandom(c.seed() ^ 0x9E3779B97F4A7C15L);
        PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.at() != b.at() ? Double.compare(a.at(), b.at()) : Long.compare(a.order(), b.order()));
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < c.agents(); i++) {
            ready.add(i);
        }
        double end = c.hours() * 3600;
        long order = 0;
        int ringing = 0;
        int talking = 0;
        long dialled = 0;
        long answered = 0;
        long abandoned = 0;
        long connected = 0;
        long outcomes = 0;
        long lives = 0;
        double ringSum = 0;
        long handled = 0;
        double handleSum = 0;
        double busySeconds = 0;
        for (int second = 0; second < end; second++) {
            while (!events.isEmpty() && events.peek().at() <= second) {
                Event e = events.poll();
                switch (e.type()) {
                    case RING_END -> {
                        ringing--;
                        outcomes++;
                        ringSum += e.ringSeconds();
                        if (!e.live()) {
                            break;
                        }
                        lives++;
                        answered++;
                        Integer agent = ready.poll();
                        if (agent == null) {
                            abandoned++;
                            break;
                        }
                        connected++;
                        double talk = c.talk().sample(handles);
                        double wrap = c.wrap().sample(handles);
                        talking++;
                        busySeconds += Math.min(talk + wrap, end - e.at());
                        events.add(new Event(e.at() + talk, order++, TALK_END, agent, false, 0));
                        events.add(new Event(e.at() + talk + wrap, order++, AGENT_FREE, agent, false, talk + wrap));
                    }
                    case TALK_END -> talking--;
                    default -> {
                        handled++;
                        handleSum += e.ringSeconds();
                        ready.add(e.agent());
                    }
                }
            }
            boolean estimates = outcomes >= 50 && lives >= 10 && handled >= 10;
            double p = outcomes == 0 ? 0 : (double) lives / outcomes;
            double meanRing = outcomes == 0 ? c.ring().mean() : ringSum / outcomes;
            double meanHandle = handled == 0 ? c.talk().mean() + c.wrap().mean() : handleSum / handled;
            int busy = c.agents() - ready.size();
            double freeing = busy * (1 - Math.exp(-meanRing / meanHandle));
            PacingState state = new PacingState(second, c.agents(), ready.size(), busy, talking, freeing, ringing, p, meanRing,
                meanHandle, estimates, answered, abandoned, c.abandonTarget());
            int n = Math.max(0, Math.min(strategy.callsToLaunch(state), 10 * c.agents()));
            for (int i = 0; i < n; i++) {
                double ring = c.ring().sample(calls);
                boolean live = calls.nextDouble() < c.liveAt().applyAsDouble(second);
                dialled++;
                ringing++;
                events.add(new Event(second + ring, order++, RING_END, -1, live, ring));
            }
        }
        double agentHours = c.agents() * c.hours();
        return new Result(name, busySeconds / (c.agents() * end), answered == 0 ? 0 : (double) abandoned / answered,
            connected / agentHours, dialled, answered, abandoned, connected);
    }
}
