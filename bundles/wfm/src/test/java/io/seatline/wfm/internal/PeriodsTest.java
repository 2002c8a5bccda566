package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import io.seatline.core.ValidationException;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Dimension;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.reports.ReportService.Kpis;
import io.seatline.wfm.Totals;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.Test;

public class PeriodsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    public void aQuarterHourFallsInItsPeriodInTheTenantsZone() {
        Instant q = Instant.parse("2026-11-30T16:45:00Z"); // 00:45 on Tuesday 1 December in Shanghai
        assertEquals("2026-12-01T00:45", Periods.period(q, Granularity.MIN15, SHANGHAI));
        assertEquals("2026-12-01T00:00", Periods.period(q, Granularity.HOUR, SHANGHAI));
        assertEquals("2026-12-01", Periods.period(q, Granularity.DAY, SHANGHAI));
        assertEquals("2026-11-30", Periods.period(q, Granularity.WEEK, SHANGHAI));
        assertEquals("2026-12-01", Periods.period(q, Granularity.MONTH, SHANGHAI));
        assertEquals("2026-11-30", Periods.period(q, Granularity.DAY, ZoneId.of("UTC")));
        assertEquals("2026-11-01", Periods.period(LocalDate.of(2026, 11, 30), Granularity.MONTH));
    }

    @Test
    public void comparisonsReadThePeriodBeforeOrAYearBefore() {
        LocalDate[] prev = Periods.compared(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 7), Compare.PREVIOUS);
        assertEquals(LocalDate.of(2026, 11, 24), prev[0]);
        assertEquals(LocalDate.of(2026, 11, 30), prev[1]);
        LocalDate[] year = Periods.compared(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31), Compare.YEAR);
        assertEquals(LocalDate.of(2025, 12, 1), year[0]);
        assertEquals(LocalDate.of(2025, 12, 31), year[1]);
    }

    private static String refusedField(KpiQuery q) {
        try {
            Periods.check(q);
            fail("accepted " + q);
            return null;
        } catch (ValidationException e) {
            return e.field();
        }
    }

    @Test
    public void absurdRangesAreRefusedNamingTheField() {
        LocalDate d = LocalDate.of(2026, 12, 1);
        assertEquals("from", refusedField(new KpiQuery(d, d.minusDays(1), null, null, null, null, null, null)));
        assertEquals("from", refusedField(new KpiQuery(null, d, null, null, null, null, null, null)));
        assertEquals("to", refusedField(new KpiQuery(d, null, null, null, null, null, null, null)));
        assertEquals("to", refusedField(new KpiQuery(d.minusYears(2), d, Granularity.MIN15, null, null, null, null, null)));
        assertEquals("to", refusedField(new KpiQuery(d.minusYears(3), d, Granularity.DAY, null, null, null, null, null)));
        KpiQuery ok = Periods.check(new KpiQuery(d.minusDays(61), d, Granularity.MIN15, null, " ", null, null, null));
        assertEquals(Dimension.TENANT, ok.by());
        assertEquals(Compare.NONE, ok.compare());
        assertNull(ok.queue());
        assertEquals(Granularity.DAY, Periods.check(new KpiQuery(d, d, null, null, null, null, null, null)).granularity());
    }

    @Test
    public void kpisHaveNoFigureWithoutABaseAndChangesAreShares() {
        Kpis none = Periods.kpis(Totals.ZERO);
        assertNull(none.serviceLevel());
        assertNull(none.ahtSeconds());
        assertNull(none.longestWaitSeconds());
        Totals a = Totals.ofCall(10_000, 10_000L, 100_000, 0, 20_000, false, 5, 20_000, 5_000);
        Totals b = a.plus(Totals.ofCall(40_000, null, 0, 0, 0, false, null, 20_000, 5_000));
        Kpis before = Periods.kpis(a);
        Kpis now = Periods.kpis(b);
        assertEquals(1.0, before.serviceLevel(), 1e-12);
        assertEquals(0.5, now.serviceLevel(), 1e-12);
        Map<String, Double> change = Periods.change(before, now);
        assertEquals(-0.5, change.get("serviceLevel"), 1e-12);
        assertEquals(1.0, change.get("offered"), 1e-12);
        assertNull(change.get("abandonRate")); // nothing abandoned before: no base
        assertEquals(40.0, now.longestWaitSeconds(), 1e-12);
    }
}
