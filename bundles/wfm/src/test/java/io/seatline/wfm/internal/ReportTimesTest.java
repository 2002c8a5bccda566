package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;

import io.seatline.reports.ReportScheduleService.Cadence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.Test;

/** Sending times in the tenant's zone and the periods they report. */
public class ReportTimesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static Instant local(String t) {
        return java.time.LocalDateTime.parse(t).atZone(SHANGHAI).toInstant();
    }

    @Test
    public void nextSendingIsStrictlyAfterInTheTenantsZone() {
        // 07:59 Shanghai on Tuesday 2026-12-08: today at 08:00; at 08:00 exactly: tomorrow
        assertEquals(local("2026-12-08T08:00"), ReportTimes.next(Cadence.DAILY, 8, null, SHANGHAI, local("2026-12-08T07:59")));
        assertEquals(local("2026-12-09T08:00"), ReportTimes.next(Cadence.DAILY, 8, null, SHANGHAI, local("2026-12-08T08:00")));
        // weekly on Monday (1): next Monday; monthly on the 1st: the 1st of January
        assertEquals(local("2026-12-14T06:00"), ReportTimes.next(Cadence.WEEKLY, 6, 1, SHANGHAI, local("2026-12-08T07:59")));
        assertEquals(local("2027-01-01T00:00"), ReportTimes.next(Cadence.MONTHLY, 0, 1, SHANGHAI, local("2026-12-08T07:59")));
        // 23:00 UTC on the 7th is already the 8th in Shanghai
        assertEquals(local("2026-12-08T09:00"), ReportTimes.next(Cadence.DAILY, 9, null, SHANGHAI, Instant.parse("2026-12-07T23:00:00Z")));
    }

    @Test
    public void eachSendingReportsThePeriodJustEnded() {
        LocalDate tuesday = LocalDate.of(2026, 12, 8);
        assertEquals(LocalDate.of(2026, 12, 7), ReportTimes.period(Cadence.DAILY, tuesday)[0]);
        LocalDate[] week = ReportTimes.period(Cadence.WEEKLY, tuesday);
        assertEquals(LocalDate.of(2026, 11, 30), week[0]);
        assertEquals(LocalDate.of(2026, 12, 6), week[1]);
        LocalDate[] month = ReportTimes.period(Cadence.MONTHLY, LocalDate.of(2027, 3, 1));
        assertEquals(LocalDate.of(2027, 2, 1), month[0]);
        assertEquals(LocalDate.of(2027, 2, 28), month[1]);
    }
}
