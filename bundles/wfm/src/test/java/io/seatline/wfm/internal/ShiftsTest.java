package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.seatline.core.ValidationException;
import io.seatline.workforce.ScheduleService.Activity;
import io.seatline.workforce.ScheduleService.BreakRule;
import io.seatline.workforce.ScheduleService.Shift;
import io.seatline.workforce.ScheduleService.ShiftTemplate;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Schedules' columns and checks: activities, templates, CSV rows, written and read back. */
public class ShiftsTest {
    private static final LocalDateTime NINE = LocalDateTime.of(2026, 12, 14, 9, 0);

    @Test
    public void activitiesAreCheckedAndKeptInOrder() {
        List<Activity> none = Shifts.check(NINE, NINE.plusHours(4), List.of());
        assertEquals(List.of(new Activity("CALLS", NINE, NINE.plusHours(4))), none);
        List<Activity> two = Shifts.check(NINE, NINE.plusHours(4), List.of(new Activity("break", NINE.plusHours(2), NINE.plusMinutes(135)),
            new Activity("CALLS", NINE, NINE.plusHours(2))));
        assertEquals("CALLS", two.get(0).kind());
        assertEquals("BREAK", two.get(1).kind());
        assertEquals(two, Shifts.activities(Shifts.activities(two)));
        ValidationException overlap = assertThrows(ValidationException.class, () -> Shifts.check(NINE, NINE.plusHours(4),
            List.of(new Activity("CALLS", NINE, NINE.plusHours(3)), new Activity("LUNCH", NINE.plusHours(2), NINE.plusHours(3)))));
        assertEquals("overlapping", overlap.code());
        assertEquals("activities", overlap.field());
        assertEquals("outside_shift", assertThrows(ValidationException.class, () -> Shifts.check(NINE, NINE.plusHours(4),
            List.of(new Activity("CALLS", NINE.minusMinutes(15), NINE.plusHours(1))))).code());
        assertEquals("unknown_activity", assertThrows(ValidationException.class, () -> Shifts.check(NINE, NINE.plusHours(4),
            List.of(new Activity("NAP", NINE, NINE.plusHours(1))))).code());
    }

    @Test
    public void templatesAreCheckedAndTheirBreaksRoundTrip() {
        List<BreakRule> breaks = List.of(new BreakRule("BREAK", 15, 90, 120, true), new BreakRule("LUNCH", 60, 180, 240, false));
        var t = Shifts.template(new ShiftTemplate("日班 Day", "08:00", "10:00", 540, breaks));
        assertEquals(540, t.minutes());
        assertEquals("LUNCH", t.breaks().get(1).activity());
        assertEquals("breaks", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("x", "08:00", "10:00", 540, List.of(breaks.get(1), breaks.get(0))))).field());
        assertEquals(breaks, Shifts.breaks(Shifts.breaks(breaks)));
        assertEquals("latestStart", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("x", "10:00", "08:00", 480, List.of()))).field());
        assertEquals("breaks", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("x", "08:00", "08:00", 240, List.of(new BreakRule("LUNCH", 60, 200, 220, false))))).field());
        assertEquals("breaks", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("x", "08:00", "08:00", 240, List.of(new BreakRule("CALLS", 15, 60, 90, true))))).field());
        assertEquals("minutes", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("late", "20:00", "22:00", 240, List.of()))).field());
        assertEquals("earliestStart", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("x", "08:00:30", "09:00", 240, List.of()))).field());
        assertEquals("breaks", assertThrows(ValidationException.class,
            () -> Shifts.template(new ShiftTemplate("x", "08:00", "09:00", 240, List.of(new BreakRule("BREAK", 15, 0, Integer.MAX_VALUE - 5, true))))).field());
        assertEquals(30, Shifts.grid(List.of(new ShiftTemplate("a", "08:00", "09:00", 480, List.of(new BreakRule("LUNCH", 60, 180, 240, false))))));
        assertEquals(15, Shifts.grid(List.of(new ShiftTemplate("b", "08:00", "09:00", 480, List.of(new BreakRule("BREAK", 15, 90, 120, true))))));
        assertEquals(Map.of("MON", "08:00-18:00", "SAT", "10:00-24:00"), Shifts.days(Shifts.days(Map.of("MON", "08:00-18:00", "SAT", "10:00-24:00"))));
        assertEquals("days.MON", assertThrows(ValidationException.class, () -> Shifts.window("18:00-08:00", "days.MON")).field());
    }

    @Test
    public void csvRowsAreWrittenAndReadBack() {
        Shift evening = new Shift("s1", "u1", "李四 Li", "evening", NINE.withHour(20), NINE.plusDays(1).withHour(0),
            List.of(new Activity("CALLS", NINE.withHour(20), NINE.withHour(22)), new Activity("BREAK", NINE.withHour(22), NINE.withHour(22).plusMinutes(15)),
                new Activity("CALLS", NINE.withHour(22).plusMinutes(15), NINE.plusDays(1).withHour(0))), "PUBLISHED");
        String csv = new String(ShiftCsv.write(List.of(evening), Map.of("u1", "li@acme")), StandardCharsets.UTF_8);
        assertTrue(csv, csv.startsWith("\uFEFF" + ShiftCsv.HEADER + "\r\n"));
        assertTrue(csv, csv.contains("li@acme,2026-12-14,20:00,24:00,evening,PUBLISHED,CALLS 20:00-22:00 BREAK 22:00-22:15 CALLS 22:15-24:00\r\n"));
        String row = csv.split("\r\n")[1];
        Shift back = ShiftCsv.parse(List.of(row.split(",")), Map.of("li@acme", "u1"));
        assertEquals(evening.start(), back.start());
        assertEquals(evening.end(), back.end());
        assertEquals(evening.activities(), back.activities());
        assertEquals("u1", back.agentUserId());
        assertEquals("agentUserId", assertThrows(ValidationException.class,
            () -> ShiftCsv.parse(List.of("nobody", "2026-12-14", "09:00", "13:00"), Map.of())).field());
        assertEquals("activities", assertThrows(ValidationException.class,
            () -> ShiftCsv.parse(List.of("", "2026-12-14", "09:00", "13:00", "", "", "CALLS"), Map.of())).field());
    }
}
