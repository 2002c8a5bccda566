package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.seatline.telephony.AgentState;
import io.seatline.telephony.Cdr;
import io.seatline.wfm.Totals;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class FactsTest {
    private static Cdr cdr(String queue, String disposition, long waitMs, long talkMs, Long wrapMs, int transfers, Integer csat) {
        Instant offered = Instant.parse("2026-12-01T01:07:30Z");
        Instant answered = "ANSWERED".equals(disposition) ? offered.plusMillis(waitMs) : null;
        return new Cdr("c1", "acme", "INBOUND", "13800138000", "4008001000", "4008001000", queue, answered == null ? null : "u1", "a1", "s1",
            offered, answered, offered.plusMillis(waitMs + talkMs), waitMs, talkMs, 2_000, wrapMs, disposition, "customer_bye", transfers, List.of(),
            null, csat, csat == null ? null : "SCORED", null, null, null, null);
    }

    @Test
    public void anAnsweredCallCountsItsWaitHandlingTransferAndSurvey() {
        Totals t = Facts.ofCall(cdr("sales", "ANSWERED", 12_000, 60_000, 15_000L, 1, 4), 20, 5);
        assertEquals(new Totals(1, 1, 1, 0, 0, 0, 12_000, 12_000, 60_000, 2_000, 15_000, 1, 1, 4, 0, 0), t);
        // answered after the target: not in target
        assertEquals(0, Facts.ofCall(cdr("sales", "ANSWERED", 25_000, 60_000, null, 0, null), 20, 5).answeredInTarget());
    }

    @Test
    public void anAbandonIsShortWithinTheThresholdAndHasNoHandlingTime() {
        Totals shortOne = Facts.ofCall(cdr("sales", "ABANDONED", 4_000, 0, null, 0, null), 20, 5);
        assertEquals(1, shortOne.abandoned());
        assertEquals(1, shortOne.shortAbandoned());
        assertEquals(0, shortOne.waitMs()); // the mean wait (ASA) is of answered calls only
        assertEquals(4_000, shortOne.maxWaitMs());
        Totals lost = Facts.ofCall(cdr("sales", "MAX_WAIT", 90_000, 0, null, 0, null), 20, 5);
        assertEquals(1, lost.abandoned());
        assertEquals(0, lost.shortAbandoned());
        assertEquals(0, lost.abandonedInTarget());
    }

    @Test
    public void aCallThatReachedNoQueueCountsInNoKpi() {
        assertNull(Facts.ofCall(cdr(null, "ANSWERED", 0, 60_000, null, 0, null), 20, 5));
    }

    @Test
    public void aSpanIsCutAtQuarterHoursAndNotReadyIsLoggedInButNotAvailable() {
        Instant from = Instant.parse("2026-12-01T08:10:00Z");
        Instant to = Instant.parse("2026-12-01T08:47:30Z");
        List<Facts.Slice> ready = Facts.ofSpan(AgentState.READY, from, to);
        assertEquals(List.of(Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:15:00Z"), Instant.parse("2026-12-01T08:30:00Z"),
            Instant.parse("2026-12-01T08:45:00Z")), ready.stream().map(Facts.Slice::quarter).toList());
        assertEquals(List.of(300_000L, 900_000L, 900_000L, 150_000L), ready.stream().map(s -> s.totals().loggedInMs()).toList());
        assertEquals(37 * 60_000L + 30_000L, ready.stream().mapToLong(s -> s.totals().availableMs()).sum());
        List<Facts.Slice> away = Facts.ofSpan(AgentState.NOT_READY, from, to);
        assertEquals(0, away.stream().mapToLong(s -> s.totals().availableMs()).sum());
        assertEquals(37 * 60_000L + 30_000L, away.stream().mapToLong(s -> s.totals().loggedInMs()).sum());
        assertEquals(0, Facts.ofSpan(AgentState.LOGGED_OUT, from, to).size());
        assertEquals(0, Facts.ofSpan(AgentState.READY, to, from).size());
    }

    @Test
    public void replacingACallsPartTakesItsOldPartBack() {
        Totals before = Facts.ofCall(cdr("sales", "ANSWERED", 12_000, 60_000, null, 0, null), 20, 5);
        Totals after = Facts.ofCall(cdr("sales", "ANSWERED", 12_000, 60_000, 15_000L, 0, null), 20, 5);
        Totals row = before.plus(Facts.ofCall(cdr("sales", "ABANDONED", 30_000, 0, null, 0, null), 20, 5));
        Totals replaced = row.plus(Facts.minus(after, before));
        assertEquals(15_000, replaced.wrapMs());
        assertEquals(2, replaced.offered());
        assertEquals(30_000, replaced.maxWaitMs());
    }

    @Test
    public void aQueuedCallThatFailedOtherwiseIsNeitherAnsweredNorAbandoned() {
        assertNull(Facts.ofCall(cdr("sales", "FAILED", 3_000, 0, null, 0, null), 20, 5));
        assertNull(Facts.ofCall(cdr("sales", "REJECTED", 0, 0, null, 0, null), 20, 5));
    }

    @Test
    public void theSlicesOfASpanAddUpToItsMillisecondsWhereverItIsCut() {
        Instant from = Instant.parse("2026-12-01T08:14:59.999600Z");
        Instant to = Instant.parse("2026-12-01T08:30:00.000400Z");
        long sum = Facts.ofSpan(AgentState.READY, from, to).stream().mapToLong(s -> s.totals().loggedInMs()).sum();
        assertEquals(to.toEpochMilli() - from.toEpochMilli(), sum);
    }
}
