package io.seatline.dialer.internal.list;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.seatline.core.ValidationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** Dial-time rules with an injected clock (every check takes "now"). */
public class DialRulesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DialRules.Policy POLICY = DialRules.Policy.defaults();

    private static DialRules.Contact fresh() {
        return new DialRules.Contact("+8613800138000", SHANGHAI, 0, null, null, null, null);
    }

    private static Instant shanghai(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    public void theWindowIsTheContactsLocalTimeAndSkipsHolidays() {
        // 07:30 in Shanghai: not yet; 08:00 the same day
        DialRules.Decision early = DialRules.check(POLICY, fresh(), shanghai("2026-11-25T07:30"), n -> false);
        assertEquals("outside_window", early.reason());
        assertEquals(shanghai("2026-11-25T08:00"), early.notBefore());
        assertTrue(DialRules.check(POLICY, fresh(), shanghai("2026-11-25T20:59"), n -> false).allowed());
        // 21:00 is closed; the next day is a holiday, so the day after at 08:00
        DialRules.Policy withHoliday = new DialRules.Policy(LocalTime.of(8, 0), LocalTime.of(21, 0), Set.of(DayOfWeek.values()),
            Set.of(LocalDate.parse("2026-11-26")), 3, POLICY.retryDelays(), POLICY.abandonLockout());
        DialRules.Decision late = DialRules.check(withHoliday, fresh(), shanghai("2026-11-25T21:00"), n -> false);
        assertEquals(shanghai("2026-11-27T08:00"), late.notBefore());
        // the same instant is 08:00 in Shanghai but 19:00 (previous day) in New York: a US contact is in its window
        DialRules.Contact ny = new DialRules.Contact("+14155550100", ZoneId.of("America/New_York"), 0, null, null, null, null);
        assertTrue(DialRules.check(POLICY, ny, shanghai("2026-11-25T08:00"), n -> false).allowed());
    }

    @Test
    public void attemptsRetriesCallbacksLockoutAndDnc() {
        Instant now = shanghai("2026-11-25T10:00");
        DialRules.Contact busy = new DialRules.Contact("+8613800138000", SHANGHAI, 1, "BUSY", now.minusSeconds(60), null, null);
        DialRules.Decision d = DialRules.check(POLICY, busy, now, n -> false);
        assertEquals("retry_delay", d.reason());
        assertEquals(now.minusSeconds(60).plus(Duration.ofMinutes(15)), d.notBefore());
        DialRules.Contact tried = new DialRules.Contact("+8613800138000", SHANGHAI, 3, "NO_ANSWER", now.minusSeconds(86400), null, null);
        assertEquals("max_attempts", DialRules.check(POLICY, tried, now, n -> false).reason());
        DialRules.Contact sold = new DialRules.Contact("+8613800138000", SHANGHAI, 1, "SALE", now.minusSeconds(86400), null, null);
        assertNull(DialRules.check(POLICY, sold, now, n -> false).notBefore());
        assertEquals("final_outcome", DialRules.check(POLICY, sold, now, n -> false).reason());
        DialRules.Contact callback = new DialRules.Contact("+8613800138000", SHANGHAI, 3, "CALLBACK", now.minusSeconds(600), null,
            shanghai("2026-11-25T15:30"));
        assertEquals(shanghai("2026-11-25T15:30"), DialRules.check(POLICY, callback, now, n -> false).notBefore());
        assertTrue(DialRules.check(POLICY, callback, shanghai("2026-11-25T15:30"), n -> false).allowed());
        // abandoned: not redialled for 72 h
        DialRules.Contact dropped = new DialRules.Contact("+8613800138000", SHANGHAI, 1, "ABANDONED", now.minusSeconds(3600),
            now.minusSeconds(3600), null);
        DialRules.Decision lock = DialRules.check(POLICY, dropped, now, n -> false);
        assertEquals("abandon_lockout", lock.reason());
        assertEquals(now.minusSeconds(3600).plus(Duration.ofHours(72)), lock.notBefore());
        assertEquals("dnc", DialRules.check(POLICY, fresh(), now, "+8613800138000"::equals).reason());
    }

    @Test
    public void absurdSettingsAreRefusedWithTheField() {
        assertEquals("window", assertThrows(ValidationException.class, () -> new DialRules.Policy(LocalTime.of(21, 0), LocalTime.of(8, 0),
            Set.of(DayOfWeek.values()), Set.of(), 3, Map.of(), Duration.ZERO)).field());
        assertEquals("window.days", assertThrows(ValidationException.class, () -> new DialRules.Policy(LocalTime.of(8, 0), LocalTime.of(21, 0),
            Set.of(), Set.of(), 3, Map.of(), Duration.ZERO)).field());
        assertEquals("maxAttempts", assertThrows(ValidationException.class, () -> new DialRules.Policy(LocalTime.of(8, 0), LocalTime.of(21, 0),
            Set.of(DayOfWeek.MONDAY), Set.of(), -1, Map.of(), Duration.ZERO)).field());
        assertEquals("retryDelays.BUSY", assertThrows(ValidationException.class, () -> new DialRules.Policy(LocalTime.of(8, 0), LocalTime.of(21, 0),
            Set.of(DayOfWeek.MONDAY), Set.of(), 3, Map.of("BUSY", Duration.ofMinutes(-5)), Duration.ZERO)).field());
    }
}
