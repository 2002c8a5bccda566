package io.seatline.wfm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Adherence on a day of 08:00-17:00 (Shanghai) with a break at 10:00-10:15 and lunch at 12:00-13:00, against states an
 * agent could have: on time within the tolerance, late, a long break, an early lunch, an approved exception, leaving
 * early; and the live view part-way through the day.
 */
public class AdherenceTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2027, 3, 2);
    private static final Duration FIVE = Duration.ofMinutes(5);

    private static Instant at(String hhmm) {
        return DAY.atTime(LocalTime.parse(hhmm)).atZone(ZONE).toInstant();
    }

    private static List<Adherence.Scheduled> day() {
        return List.of(new Adherence.Scheduled(at("08:00"), at("10:00"), "CALLS"), new Adherence.Scheduled(at("10:00"), at("10:15"), "BREAK"),
            new Adherence.Scheduled(at("10:15"), at("12:00"), "CALLS"), new Adherence.Scheduled(at("12:00"), at("13:00"), "LUNCH"),
            new Adherence.Scheduled(at("13:00"), at("17:00"), "CALLS"));
    }

    /** States from "HH:mm STATE[:reason]" steps, the last one ending at {@code end}. */
    private static List<Adherence.State> states(String end, String... steps) {
        List<Adherence.State> out = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            String[] p = steps[i].split(" ");
            String[] sr = p[1].split(":");
            Instant to = i + 1 < steps.length ? at(steps[i + 1].split(" ")[0]) : at(end);
            out.add(new Adherence.State(at(p[0]), to, sr[0], sr.length > 1 ? sr[1] : null));
        }
        return out;
    }

    @Test
    public void onTimeWithinTheToleranceIsFullAdherence() {
        List<Adherence.State> s = states("17:03", "07:57 READY", "10:02 NOT_READY:break", "10:14 ON_CALL", "11:58 NOT_READY:lunch",
            "13:04 READY");
        Adherence.Report r = Adherence.of(day(), s, Adherence.Mapping.standard(), FIVE, List.of(), at("23:59"));
        assertEquals(r.violations().toString(), 1.0, r.adherence(), 1e-12);
        assertEquals(Duration.ofHours(9), r.scheduled());
        assertEquals(Duration.ZERO, r.late());
        assertEquals(Duration.ZERO, r.earlyLeave());
        assertEquals(1.0, r.conformance(), 1e-12);
    }

    @Test
    public void lateLongBreakAndEarlyLeaveCountWhole() {
        List<Adherence.State> s = states("16:40", "08:07 READY", "10:00 NOT_READY:break", "10:25 READY", "12:00 NOT_READY:lunch", "13:00 READY");
        Adherence.Report r = Adherence.of(day(), s, Adherence.Mapping.standard(), FIVE, List.of(), at("23:59"));
        // 7 minutes late (past the 5 minutes' tolerance: all 7 count), 10 minutes over the break, left 20 minutes early
        assertEquals(Duration.ofMinutes(7), r.late());
        assertEquals(Duration.ofMinutes(20), r.earlyLeave());
        assertEquals(Duration.ofMinutes(37), r.outOfAdherence());
        assertEquals(3, r.violations().size());
        assertEquals(new Adherence.Violation(at("08:00"), at("08:07"), "CALLS", "LOGGED_OUT"), r.violations().get(0));
        assertEquals(new Adherence.Violation(at("10:15"), at("10:25"), "CALLS", "NOT_READY:break"), r.violations().get(1));
        assertEquals(new Adherence.Violation(at("16:40"), at("17:00"), "CALLS", "LOGGED_OUT"), r.violations().get(2));
        assertEquals(1 - 37.0 / 540, r.adherence(), 1e-9);
        assertEquals((540 - 27.0) / 540, r.conformance(), 1e-9);
    }

    @Test
    public void theWrongReasonIsOutOfAdherenceAndAnApprovedExceptionIsNot() {
        // lunch taken as a "coaching" not-ready (not lunch); then an hour's meeting called at short notice, approved
        List<Adherence.State> s = states("17:00", "08:00 READY", "10:00 NOT_READY:break", "10:15 READY", "12:00 NOT_READY:coaching",
            "13:00 READY", "14:00 NOT_READY:meeting", "15:00 READY");
        List<Adherence.Exception> approved = List.of(new Adherence.Exception(at("14:00"), at("15:00"), "客户投诉复盘会 complaint review"));
        Adherence.Report r = Adherence.of(day(), s, Adherence.Mapping.standard(), FIVE, approved, at("23:59"));
        assertEquals(Duration.ofMinutes(60), r.outOfAdherence());
        assertEquals(Duration.ofMinutes(60), r.excepted());
        assertEquals("NOT_READY:coaching", r.violations().get(0).actual());
        assertEquals("LUNCH", r.violations().get(0).scheduled());
        // without the approval the meeting is out of adherence too
        assertEquals(Duration.ofMinutes(120), Adherence.of(day(), s, Adherence.Mapping.standard(), FIVE, List.of(), at("23:59")).outOfAdherence());
    }

    @Test
    public void theLiveViewCountsOnlyWhatHasHappened() {
        List<Adherence.State> s = states("10:30", "08:01 READY", "10:00 NOT_READY:break");
        Adherence.Report r = Adherence.of(day(), s, Adherence.Mapping.standard(), FIVE, List.of(), at("10:30"));
        assertEquals(Duration.ofMinutes(150), r.scheduled());
        assertEquals(Duration.ofMinutes(15), r.outOfAdherence()); // 10:15-10:30 still on the break: past the tolerance
        assertEquals(Duration.ZERO, r.earlyLeave()); // the day is not over
        assertTrue(r.violations().get(0).to().equals(at("10:30")));
        // not logged in yet at 08:02: within the tolerance, not late (and not out of adherence); at 08:06 it is
        Adherence.Report early = Adherence.of(day(), List.of(), Adherence.Mapping.standard(), FIVE, List.of(), at("08:02"));
        assertEquals(Duration.ZERO, early.late());
        assertEquals(Duration.ZERO, early.outOfAdherence());
        assertEquals(Duration.ofMinutes(6), Adherence.of(day(), List.of(), Adherence.Mapping.standard(), FIVE, List.of(), at("08:06")).late());
    }

    @Test
    public void aToleranceOfZeroForgivesNothing() {
        List<Adherence.State> s = states("17:00", "08:02 READY", "10:00 NOT_READY:break", "10:15 READY", "12:00 NOT_READY:lunch", "13:00 READY");
        Adherence.Report r = Adherence.of(day(), s, Adherence.Mapping.standard(), Duration.ZERO, List.of(), at("23:59"));
        assertEquals(Duration.ofMinutes(2), r.outOfAdherence());
        assertThrows(IllegalArgumentException.class,
            () -> Adherence.of(day(), s, Adherence.Mapping.standard(), Duration.ofMinutes(-1), List.of(), at("23:59")));
        assertEquals(1.0, Adherence.of(List.of(), s, Adherence.Mapping.standard(), FIVE, List.of(), at("23:59")).adherence(), 0);
    }

    @Test
    public void eachActivityHasItsOwnTolerance() {
        // back from the break 4 minutes late and into lunch 4 minutes late: the break's return is judged by the calls'
        // tolerance (5 min: on time), the lunch's start by lunch's (2 min: 4 minutes out)
        List<Adherence.State> s = states("17:00", "08:00 READY", "10:00 NOT_READY:break", "10:19 READY", "12:04 NOT_READY:lunch", "13:00 READY");
        java.util.function.Function<String, Duration> tolerance = a -> "LUNCH".equals(a) ? Duration.ofMinutes(2) : FIVE;
        Adherence.Report r = Adherence.of(day(), s, Adherence.Mapping.standard(), tolerance, List.of(), at("23:59"));
        assertEquals(Duration.ofMinutes(4), r.outOfAdherence());
        assertEquals(1, r.violations().size());
        assertEquals(at("12:00"), r.violations().get(0).from());
        assertEquals("LUNCH", r.violations().get(0).scheduled());
        assertEquals("READY", r.violations().get(0).actual());
    }
}
