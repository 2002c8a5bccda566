package io.seatline.wfm;

/**
 * Agents required for one interval: the fewest on the phones that meet every target given, then the agents to schedule
 * once shrinkage (breaks, training, absence: the share of paid time not on the phones) is counted.
 *
 * @param onPhones  agents needed on the phones
 * @param scheduled agents to schedule: {@code ceil(onPhones / (1 - shrinkage))}
 * @param staffing  what {@code onPhones} agents achieve
 */
public record Requirement(int onPhones, int scheduled, Staffing staffing) {

    /** The most agents looked at: a load needing more is refused rather than searched for ever. */
    public static final int MAX_AGENTS = 100_000;

    /**
     * A service target. {@code serviceLevel} of the calls answered within {@code withinSeconds} (e.g. 0.80 in 20 s);
     * optionally an ASA ceiling and (with a finite patience: Erlang A) an abandon ceiling; occupancy at most
     * {@code maxOccupancy} (1: no ceiling).
     */
    public record Target(double serviceLevel, double withinSeconds, Double maxAsaSeconds, Double maxAbandonRate, double maxOccupancy,
                         double shrinkage) {
        public Target {
            if (!(serviceLevel >= 0 && serviceLevel < 1)) {
                throw new IllegalArgumentException("serviceLevel is a share in [0, 1)");
            }
            if (!(withinSeconds >= 0)) {
                throw new IllegalArgumentException("withinSeconds is >= 0");
            }
            if (maxAsaSeconds != null && !(maxAsaSeconds > 0)) {
                throw new IllegalArgumentException("maxAsaSeconds is > 0");
            }
            if (maxAbandonRate != null && !(maxAbandonRate > 0 && maxAbandonRate < 1)) {
                throw new IllegalArgumentException("maxAbandonRate is a share in (0, 1)");
            }
            if (!(maxOccupancy > 0 && maxOccupancy <= 1)) {
                throw new IllegalArgumentException("maxOccupancy is a share in (0, 1]");
            }
            if (!(shrinkage >= 0 && shrinkage < 1)) {
                throw new IllegalArgumentException("shrinkage is a share in [0, 1)");
            }
        }

        /** x % in y seconds, nothing else. */
        public static Target serviceLevel(double share, double withinSeconds) {
            return new Target(share, withinSeconds, null, null, 1.0, 0.0);
        }
    }

    /**
     * The agents required for {@code calls} calls in an interval of {@code intervalSeconds} with mean handling time
     * {@code ahtSeconds}: Erlang C when {@code patienceSeconds} is infinite, else Erlang A.
     *
     * @throws IllegalArgumentException for a load no {@link #MAX_AGENTS} agents can carry to the target
     */
    public static Requirement of(double calls, double intervalSeconds, double ahtSeconds, Target target, double patienceSeconds) {
        if (!(calls >= 0) || !(intervalSeconds > 0) || !(ahtSeconds > 0)) {
            throw new IllegalArgumentException("calls >= 0, a positive interval and a positive handling time");
        }
        double a = calls * ahtSeconds / intervalSeconds;
        if (a == 0) {
            return new Requirement(0, 0, new Staffing(0, 0, 0, 1, 0, 0, 0, 0));
        }
        // Erlang C: below A agents the queue grows without end; Erlang A: callers who give up let fewer than A agents
        // settle it, so the search starts at one. Every measure improves with each agent added: the fewest agents that
        // meet the target are found by doubling, then halving.
        boolean patient = Double.isInfinite(patienceSeconds);
        int lo = patient ? (int) Math.floor(a) : 0; // fails (or is below the search)
        int hi = Math.max(lo + 1, 1);
        Staffing found;
        while (!meets(found = Erlang.erlangA(a, hi, ahtSeconds, target.withinSeconds(), patienceSeconds), target)) {
            if (hi >= MAX_AGENTS) {
                throw new IllegalArgumentException("more than " + MAX_AGENTS + " agents would be needed for " + a + " Erlangs");
            }
            lo = hi;
            hi = (int) Math.min(MAX_AGENTS, hi * 2L);
        }
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            Staffing s = Erlang.erlangA(a, mid, ahtSeconds, target.withinSeconds(), patienceSeconds);
            if (meets(s, target)) {
                hi = mid;
                found = s;
            } else {
                lo = mid;
            }
        }
        return new Requirement(hi, scheduled(hi, target.shrinkage()), found);
    }

    /** Agents to schedule for {@code onPhones} on the phones when {@code shrinkage} of paid time is off them. */
    public static int scheduled(int onPhones, double shrinkage) {
        return (int) Math.ceil(onPhones / (1 - shrinkage) - 1e-9);
    }

    static boolean meets(Staffing s, Target t) {
        return s.serviceLevel() >= t.serviceLevel() - 1e-12 && s.occupancy() <= t.maxOccupancy() + 1e-12
            && (t.maxAsaSeconds() == null || s.asaSeconds() <= t.maxAsaSeconds())
            && (t.maxAbandonRate() == null || s.abandonRate() <= t.maxAbandonRate());
    }
}
