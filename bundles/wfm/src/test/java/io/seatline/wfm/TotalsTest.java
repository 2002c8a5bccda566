package io.seatline.wfm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/** The KPIs of a handful of calls, worked out by hand beside each assertion. */
public class TotalsTest {
    private static final long TARGET = 20_000;
    private static final long SHORT = 5_000;

    @Test
    public void fiveCallsByHand() {
        Totals t = Totals.ZERO
            // answered after 10 s: 120 s talk, 10 s hold, 30 s wrap-up, scored 5
            .plus(Totals.ofCall(10_000, 10_000L, 120_000, 10_000, 30_000, false, 5, TARGET, SHORT))
            // answered after 40 s (late): 200 s talk, transferred, scored 3
            .plus(Totals.ofCall(40_000, 40_000L, 200_000, 0, 20_000, true, 3, TARGET, SHORT))
            // answered after 4 s: 60 s talk
            .plus(Totals.ofCall(4_000, 4_000L, 60_000, 0, 10_000, false, null, TARGET, SHORT))
            // hung up after 3 s (short abandon) and after 50 s
            .plus(Totals.ofCall(3_000, null, 0, 0, 0, false, null, TARGET, SHORT))
            .plus(Totals.ofCall(50_000, null, 0, 0, 0, false, null, TARGET, SHORT))
            .plus(new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3_600_000, 1_800_000));
        assertEquals(5, t.offered());
        assertEquals(3, t.answered());
        // 2 answered within 20 s ÷ (5 offered − 1 short abandon) = 0.5; of the answered: 2 ÷ 3
        assertEquals(0.5, t.serviceLevel(), 1e-12);
        assertEquals(2 / 3.0, t.serviceLevelOfAnswered(), 1e-12);
        // (10 + 40 + 4) ÷ 3 = 18 s
        assertEquals(18, t.asaSeconds(), 1e-12);
        // (2 abandoned − 1 short) ÷ 4 = 0.25
        assertEquals(0.25, t.abandonRate(), 1e-12);
        // handling (120+10+30) + (200+20) + (60+10) = 450 s over 3 answered = 150 s; wrap 60 ÷ 3 = 20 s
        assertEquals(150, t.ahtSeconds(), 1e-12);
        assertEquals(20, t.acwSeconds(), 1e-12);
        // 450 s of an available 1,800 s; of a logged-in hour
        assertEquals(0.25, t.occupancy(), 1e-12);
        assertEquals(0.125, t.utilisation(), 1e-12);
        assertEquals(1 / 3.0, t.transferRate(), 1e-12);
        assertEquals(3, t.callsPerHour(), 1e-12);
        assertEquals(4, t.csat(), 1e-12);
        assertEquals(50_000, t.maxWaitMs());
        assertEquals(1, t.abandonedInTarget());
    }

    @Test
    public void periodsAddAndCompare() {
        Totals week1 = Totals.ofCall(10_000, 10_000L, 100_000, 0, 0, false, null, TARGET, SHORT);
        Totals week2 = week1.plus(week1);
        assertEquals(2, week2.answered());
        assertEquals(week1.asaSeconds(), week2.asaSeconds(), 0);
        assertEquals(1.0, Totals.change(week1.answered(), week2.answered()), 1e-12); // +100 % 环比
        assertTrue(Double.isNaN(Totals.change(0, 5)));
        assertTrue(Double.isNaN(Totals.ZERO.serviceLevel()));
        assertTrue(Double.isNaN(Totals.ZERO.ahtSeconds()));
    }
}
