package io.seatline.crm.internal;

import static org.junit.Assert.assertEquals;

import io.seatline.telephony.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BusinessHoursTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final BusinessCalendar WEEKDAYS = new BusinessCalendar(null, Map.of("MON", List.of("09:00-12:00", "13:00-18:00"),
        "TUE", List.of("09:00-12:00", "13:00-18:00"), "WED", List.of("09:00-12:00", "13:00-18:00"), "THU", List.of("09:00-12:00", "13:00-18:00"),
        "FRI", List.of("09:00-12:00", "13:00-18:00")), List.of(LocalDate.of(2026, 10, 1)));

    private static Instant at(String local) {
        return java.time.LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    public void hoursWithinOneDaySkipTheLunchBreak() {
        assertEquals(at("2026-11-23T14:00"), BusinessHours.add(at("2026-11-23T10:00"), Duration.ofHours(3), WEEKDAYS, SHANGHAI));
    }

    @Test
    public void aTicketOpenedAtNightStartsCountingAtTheNextOpening() {
        assertEquals(at("2026-11-24T11:00"), BusinessHours.add(at("2026-11-23T22:30"), Duration.ofHours(2), WEEKDAYS, SHANGHAI));
    }

    @Test
    public void weekendsAndHolidaysDoNotCount() {
        // Friday 17:00 + 4 h: 1 h on Friday, then Monday 09:00-12:00
        assertEquals(at("2026-11-30T12:00"), BusinessHours.add(at("2026-11-27T17:00"), Duration.ofHours(4), WEEKDAYS, SHANGHAI));
        // 2026-10-01 (Thursday) is a holiday: Wednesday 17:00 + 2 h ends Friday 10:00
        assertEquals(at("2026-10-02T10:00"), BusinessHours.add(at("2026-09-30T17:00"), Duration.ofHours(2), WEEKDAYS, SHANGHAI));
    }

    @Test
    public void aCalendarThatIsNeverOpenCountsWallClockTime() {
        BusinessCalendar closed = new BusinessCalendar(null, Map.of(), List.of());
        assertEquals(at("2026-11-23T12:00"), BusinessHours.add(at("2026-11-23T10:00"), Duration.ofHours(2), closed, SHANGHAI));
    }
}
