package io.seatline.wfm;

/**
 * The counters of one interval (of a tenant, queue, team or agent) that every KPI is derived from: additive, so an hour
 * is the sum of its quarter-hours and a month the sum of its days, and what is kept per interval is small. Times in
 * milliseconds.
 *
 * @param offered           calls that reached the queue
 * @param answered          answered by an agent
 * @param answeredInTarget  answered within the service-level target
 * @param abandoned         the caller hung up waiting
 * @param shortAbandoned    hung up within the short-abandon threshold (a misdial, not a lost customer)
 * @param abandonedInTarget hung up within the service-level target
 * @param waitMs            summed wait of the answered calls
 * @param maxWaitMs         the longest wait (answered or not): not added but maxed
 * @param talkMs            summed talk
 * @param holdMs            summed hold
 * @param wrapMs            summed after-call work
 * @param transferred       answered calls passed on to another agent or queue
 * @param surveyed          calls whose caller scored the survey
 * @param csatSum           the scores summed (1-5 each)
 * @param loggedInMs        agents' time logged in
 * @param availableMs       agents' time ready or on a call or in wrap-up (the time they could take or were taking calls)
 */
public record Totals(long offered, long answered, long answeredInTarget, long abandoned, long shortAbandoned, long abandonedInTarget,
                     long waitMs, long maxWaitMs, long talkMs, long holdMs, long wrapMs, long transferred, long surveyed, long csatSum,
                     long loggedInMs, long availableMs) {

    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Totals plus(Totals o) {
        return new Totals(offered + o.offered, answered + o.answered, answeredInTarget + o.answeredInTarget, abandoned + o.abandoned,
            shortAbandoned + o.shortAbandoned, abandonedInTarget + o.abandonedInTarget, waitMs + o.waitMs, Math.max(maxWaitMs, o.maxWaitMs),
            talkMs + o.talkMs, holdMs + o.holdMs, wrapMs + o.wrapMs, transferred + o.transferred, surveyed + o.surveyed, csatSum + o.csatSum,
            loggedInMs + o.loggedInMs, availableMs + o.availableMs);
    }

    /** One call's part: {@code answeredAfterMs} null when it was not answered; {@code csat} null when not scored. */
    public static Totals ofCall(long waitMs, Long answeredAfterMs, long talkMs, long holdMs, long wrapMs, boolean transferred, Integer csat,
                                long targetMs, long shortAbandonMs) {
        boolean answered = answeredAfterMs != null;
        long wait = answered ? answeredAfterMs : waitMs;
        return new Totals(1, answered ? 1 : 0, answered && wait <= targetMs ? 1 : 0, answered ? 0 : 1, !answered && wait <= shortAbandonMs ? 1 : 0,
            !answered && wait <= targetMs ? 1 : 0, answered ? wait : 0, wait, talkMs, holdMs, wrapMs, transferred ? 1 : 0, csat == null ? 0 : 1,
            csat == null ? 0 : csat, 0, 0);
    }

    /**
     * Service level, the usual way: answered within the target ÷ (offered − short abandons). Callers who hung up
     * within the short-abandon threshold are left out; every other abandon counts against it.
     */
    public double serviceLevel() {
        long base = offered - shortAbandoned;
        return base <= 0 ? Double.NaN : answeredInTarget / (double) base;
    }

    /** Service level, the other common way: answered within the target ÷ answered (abandons not counted at all). */
    public double serviceLevelOfAnswered() {
        return answered == 0 ? Double.NaN : answeredInTarget / (double) answered;
    }

    /** Average speed of answer, seconds: the mean wait of the answered calls. */
    public double asaSeconds() {
        return answered == 0 ? Double.NaN : waitMs / 1000.0 / answered;
    }

    /** Abandon rate: (abandoned − short abandons) ÷ (offered − short abandons). */
    public double abandonRate() {
        long base = offered - shortAbandoned;
        return base <= 0 ? Double.NaN : (abandoned - shortAbandoned) / (double) base;
    }

    /** Average handling time, seconds: (talk + hold + after-call work) ÷ answered. */
    public double ahtSeconds() {
        return answered == 0 ? Double.NaN : (talkMs + holdMs + wrapMs) / 1000.0 / answered;
    }

    /** Average after-call work, seconds. */
    public double acwSeconds() {
        return answered == 0 ? Double.NaN : wrapMs / 1000.0 / answered;
    }

    /** Occupancy: handling time ÷ the time agents were available for calls (ready, on a call, in wrap-up). */
    public double occupancy() {
        return availableMs == 0 ? Double.NaN : Math.min(1.0, (talkMs + holdMs + wrapMs) / (double) availableMs);
    }

    /** Utilisation: handling time ÷ the time logged in (not-ready time included). */
    public double utilisation() {
        return loggedInMs == 0 ? Double.NaN : Math.min(1.0, (talkMs + holdMs + wrapMs) / (double) loggedInMs);
    }

    /** Transfer rate: transferred ÷ answered. */
    public double transferRate() {
        return answered == 0 ? Double.NaN : transferred / (double) answered;
    }

    /** Calls answered per logged-in hour. */
    public double callsPerHour() {
        return loggedInMs == 0 ? Double.NaN : answered / (loggedInMs / 3_600_000.0);
    }

    /** Mean survey score (1-5). */
    public double csat() {
        return surveyed == 0 ? Double.NaN : csatSum / (double) surveyed;
    }

    /** The change from {@code before} to {@code now} as a share (环比 against the period before, 同比 against a year before). */
    public static double change(double before, double now) {
        return before == 0 || Double.isNaN(before) || Double.isNaN(now) ? Double.NaN : (now - before) / before;
    }
}
