package io.seatline.wfm.internal;

import io.seatline.telephony.AgentState;
import io.seatline.telephony.Cdr;
import io.seatline.wfm.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one CDR and one agent state span add to the aggregates: pure, so the live aggregation and a rebuild from the raw
 * rows count alike. A quarter-hour is the unit; a day is the tenant's calendar day its quarter starts in.
 */
final class Facts {
    static final long QUARTER_MS = Duration.ofMinutes(15).toMillis();

    private Facts() {
    }

    /** The quarter-hour {@code at} falls in. */
    static Instant quarter(Instant at) {
        long ms = at.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(ms, QUARTER_MS) * QUARTER_MS);
    }

    /**
     * A call's part, or null when the call counts in no KPI: only calls that reached a queue are offered; an agent's
     * own direct calls (no queue) are not service-level traffic; a queued call is either answered or abandoned (the
     * caller hung up, or the queue's maximum wait ended it) — one that failed otherwise (a network failure, a call
     * rejected) is not a caller's choice and counts in neither.
     */
    static Totals ofCall(Cdr c, int targetSeconds, int shortAbandonSeconds) {
        if (c.queue() == null || c.queue().isBlank() || c.offeredAt() == null) {
            return null;
        }
        boolean answered = c.answeredAt() != null && "ANSWERED".equals(c.disposition());
        if (!answered && !"ABANDONED".equals(c.disposition()) && !"MAX_WAIT".equals(c.disposition())) {
            return null;
        }
        return Totals.ofCall(c.waitMs(), answered ? c.waitMs() : null, answered ? c.talkMs() : 0, answered ? c.holdMs() : 0,
            answered && c.wrapUpMs() != null ? c.wrapUpMs() : 0, answered && c.transfers() > 0, c.csatScore(), targetSeconds * 1000L,
            shortAbandonSeconds * 1000L);
    }

    /** One quarter's share of an agent's time. */
    record Slice(Instant quarter, Totals totals) {
    }

    /** An agent's span in {@code state} over [from, to), cut at quarter-hours; nothing for time logged out. */
    static List<Slice> ofSpan(AgentState state, Instant from, Instant to) {
        List<Slice> out = new ArrayList<>();
        if (state == AgentState.LOGGED_OUT || !to.isAfter(from)) {
            return out;
        }
        boolean available = state != AgentState.NOT_READY;
        Instant at = from;
        while (at.isBefore(to)) {
            Instant q = quarter(at);
            Instant end = q.plusMillis(QUARTER_MS);
            if (end.isAfter(to)) {
                end = to;
            }
            // whole milliseconds that add up: the slices of a span sum to to − from, however it is cut
            long ms = end.toEpochMilli() - at.toEpochMilli();
            out.add(new Slice(q, new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ms, available ? ms : 0)));
            at = end;
        }
        return out;
    }

    /** {@code a} minus {@code b} for the additive counters; the longest wait is {@code a}'s (a maximum cannot be taken back). */
    static Totals minus(Totals a, Totals b) {
        return new Totals(a.offered() - b.offered(), a.answered() - b.answered(), a.answeredInTarget() - b.answeredInTarget(),
            a.abandoned() - b.abandoned(), a.shortAbandoned() - b.shortAbandoned(), a.abandonedInTarget() - b.abandonedInTarget(),
            a.waitMs() - b.waitMs(), a.maxWaitMs(), a.talkMs() - b.talkMs(), a.holdMs() - b.holdMs(), a.wrapMs() - b.wrapMs(),
            a.transferred() - b.transferred(), a.surveyed() - b.surveyed(), a.csatSum() - b.csatSum(), a.loggedInMs() - b.loggedInMs(),
            a.availableMs() - b.availableMs());
    }
}
