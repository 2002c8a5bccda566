package io.seatline.wfm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The scheduler on a requirement it can meet exactly, on a day-shaped one (Erlang C from a forecast-like curve) with
 * lunches and breaks, with too few agents, and with agents' availability, weekly days and rest.
 */
public class SchedulerTest {
    private static final LocalDate MONDAY = LocalDate.of(2027, 3, 1);

    @Test
    public void aFlatRequirementIsCoveredExactly() {
        int[][] need = new int[7][48];
        for (int[] day : need) {
            for (int s = 16; s < 32; s++) {
                day[s] = 10; // 08:00-16:00
            }
        }
        Scheduler.Template day = new Scheduler.Template("day", LocalTime.of(8, 0), LocalTime.of(8, 0), 480, List.of());
        List<Scheduler.Agent> agents = agents(20);
        Scheduler.Result r = Scheduler.schedule(MONDAY, need, 30, List.of(day), agents);
        assertEquals(0, r.deficitHours(), 0);
        assertEquals(0, r.overstaffHours(), 0);
        assertEquals(7 * 10 * 8.0, r.paidHours(), 1e-9);
        assertEquals(r.lowerBoundPaidHours(), r.paidHours(), 1e-9);
        assertEquals(0, r.unassigned());
        assertEquals(70, r.shifts().size());
        checkAgents(r, agents);
    }

    @Test
    public void aDayShapedRequirementWithLunchesAndBreaks() {
        int[][] need = dayShaped(28);
        Scheduler.Template full = new Scheduler.Template("full", LocalTime.of(7, 0), LocalTime.of(13, 0), 540,
            List.of(new Scheduler.BreakRule("BREAK", 30, 90, 180, true), new Scheduler.BreakRule("LUNCH", 60, 210, 330, false)));
        Scheduler.Template part = new Scheduler.Template("part", LocalTime.of(8, 0), LocalTime.of(19, 0), 240, List.of());
        List<Scheduler.Agent> agents = agents(200);
        long t0 = System.nanoTime();
        Scheduler.Result r = Scheduler.schedule(MONDAY, need, 30, List.of(full, part), agents);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("every required interval covered: " + r.deficitHours(), 0, r.deficitHours(), 0);
        assertEquals(0, r.unassigned());
        assertTrue("paid " + r.paidHours() + " h against a lower bound of " + r.lowerBoundPaidHours() + " h (" + ms + " ms)", r.gap() < 0.15);
        checkAgents(r, agents);
        // each shift: its activities back to back from its start to its end, breaks within their windows
        for (Scheduler.Shift s : r.shifts()) {
            LocalDateTime at = s.start();
            for (Scheduler.Activity a : s.activities()) {
                assertEquals(s.toString(), at, a.from());
                assertTrue(a.to().isAfter(a.from()));
                at = a.to();
                if (a.kind().equals("LUNCH")) {
                    long after = Duration.between(s.start(), a.from()).toMinutes();
                    assertTrue(s.toString(), after >= 210 && after <= 330 && Duration.between(a.from(), a.to()).toMinutes() == 60);
                }
            }
            assertEquals(s.end(), at);
        }
        System.out.printf("scheduler: 200 agents, 4 weeks of 30-minute intervals: %d shifts, paid %.0f h, lower bound %.0f h (gap %.1f %%),"
            + " overstaffing %.0f agent-hours, %d ms%n", r.shifts().size(), r.paidHours(), r.lowerBoundPaidHours(), r.gap() * 100, r.overstaffHours(), ms);
    }

    @Test
    public void tooFewAgentsLeaveADeficitThatIsReported() {
        int[][] need = new int[7][48];
        for (int[] day : need) {
            for (int s = 16; s < 32; s++) {
                day[s] = 10;
            }
        }
        Scheduler.Template day = new Scheduler.Template("day", LocalTime.of(8, 0), LocalTime.of(8, 0), 480, List.of());
        Scheduler.Result r = Scheduler.schedule(MONDAY, need, 30, List.of(day), agents(8)); // 8 agents × 5 days = 40 of 70 shifts
        assertEquals(40, r.shifts().stream().filter(s -> s.agentId() != null).count());
        assertEquals((70 - 40) * 8.0, r.deficitHours(), 1e-9);
        assertEquals(0, r.unassigned());
    }

    @Test
    public void agentsWorkOnlyWhenTheyCan() {
        int[][] need = new int[7][48];
        for (int[] day : need) {
            for (int s = 18; s < 34; s++) {
                day[s] = 2; // 09:00-17:00
            }
        }
        Map<DayOfWeek, Scheduler.Window> monToWed = new HashMap<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY)) {
            monToWed.put(d, new Scheduler.Window(LocalTime.of(9, 0), LocalTime.of(17, 0)));
        }
        List<Scheduler.Agent> agents = new ArrayList<>(List.of(new Scheduler.Agent("student", monToWed, 5, 11 * 60)));
        agents.addAll(agents(3));
        Scheduler.Template day = new Scheduler.Template("day", LocalTime.of(9, 0), LocalTime.of(9, 0), 480, List.of());
        Scheduler.Result r = Scheduler.schedule(MONDAY, need, 30, List.of(day), agents);
        assertEquals(0, r.deficitHours(), 0);
        for (Scheduler.Shift s : r.shifts()) {
            if ("student".equals(s.agentId())) {
                assertTrue(s.toString(), s.start().getDayOfWeek().getValue() <= 3);
            }
        }
        checkAgents(r, agents);
    }

    @Test
    public void nightShiftsKeepTheBoundABound() {
        // cover 20:00-04:00 every night with 8-hour shifts starting any time: one shift a night, and a bound not above it
        int[][] need = new int[7][48];
        for (int d = 0; d < 7; d++) {
            for (int s = 40; s < 48; s++) {
                need[d][s] = 1;
            }
            for (int s = 0; s < 8; s++) {
                need[d][s] = d == 0 ? 0 : 1;
            }
        }
        Scheduler.Template any = new Scheduler.Template("any", LocalTime.of(0, 0), LocalTime.of(23, 30), 480, List.of());
        Scheduler.Result r = Scheduler.schedule(MONDAY, need, 30, List.of(any), agents(3));
        assertEquals(0, r.deficitHours(), 0);
        assertTrue(r.paidHours() + " paid against a bound of " + r.lowerBoundPaidHours(), r.lowerBoundPaidHours() <= r.paidHours() + 1e-9);
        assertTrue(r.gap() >= 0);
    }

    @Test
    public void nonsenseIsRefused() {
        Scheduler.Template ok = new Scheduler.Template("day", LocalTime.of(8, 0), LocalTime.of(9, 0), 480, List.of());
        assertThrows(IllegalArgumentException.class, () -> new Scheduler.Template("x", LocalTime.of(9, 0), LocalTime.of(8, 0), 480, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Scheduler.Template("x", LocalTime.of(8, 0), LocalTime.of(9, 0), 240,
            List.of(new Scheduler.BreakRule("LUNCH", 60, 200, 220, false))));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.schedule(MONDAY, new int[1][48], 30,
            List.of(new Scheduler.Template("odd", LocalTime.of(8, 15), LocalTime.of(8, 15), 480, List.of())), agents(1)));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.schedule(MONDAY, new int[1][47], 30, List.of(ok), agents(1)));
        // a lunch that may start before the break has ended
        assertThrows(IllegalArgumentException.class, () -> new Scheduler.Template("x", LocalTime.of(8, 0), LocalTime.of(9, 0), 480,
            List.of(new Scheduler.BreakRule("BREAK", 30, 60, 300, true), new Scheduler.BreakRule("LUNCH", 60, 150, 180, false))));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.schedule(MONDAY, new int[1][48], 30, List.of(), agents(1)));
    }

    /** Agents on the requirement of Erlang C (80/20, AHT 240 s) over a two-peak day, 07:00-23:00, weekends lighter. */
    static int[][] dayShaped(int days) {
        int[][] need = new int[days][48];
        for (int d = 0; d < days; d++) {
            double scale = (d % 7) >= 5 ? 0.5 : 1.0;
            for (int s = 14; s < 46; s++) {
                double hour = (s + 0.5) / 2;
                double calls = scale * (40 + 420 * Math.exp(-Math.pow((hour - 10.5) / 1.8, 2)) + 330 * Math.exp(-Math.pow((hour - 15) / 2.2, 2)));
                need[d][s] = Requirement.of(calls, 1800, 240, Requirement.Target.serviceLevel(0.8, 20), Double.POSITIVE_INFINITY).onPhones();
            }
        }
        return need;
    }

    static List<Scheduler.Agent> agents(int n) {
        List<Scheduler.Agent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Scheduler.Agent.anyTime("a" + i));
        }
        return out;
    }

    /** No agent over its days a week, twice a day, short of its rest, or outside its hours. */
    static void checkAgents(Scheduler.Result r, List<Scheduler.Agent> agents) {
        Map<String, Scheduler.Agent> byId = new HashMap<>();
        agents.forEach(a -> byId.put(a.id(), a));
        Map<String, List<Scheduler.Shift>> of = new HashMap<>();
        for (Scheduler.Shift s : r.shifts()) {
            if (s.agentId() != null) {
                of.computeIfAbsent(s.agentId(), k -> new ArrayList<>()).add(s);
            }
        }
        of.forEach((id, shifts) -> {
            Scheduler.Agent a = byId.get(id);
            shifts.sort(java.util.Comparator.comparing(Scheduler.Shift::start));
            Map<LocalDate, Integer> perWeek = new HashMap<>();
            for (int i = 0; i < shifts.size(); i++) {
                Scheduler.Shift s = shifts.get(i);
                Scheduler.Window w = a.availability().get(s.start().getDayOfWeek());
                assertTrue(id + " " + s, w != null && !s.start().toLocalTime().isBefore(w.from()) && !s.end().toLocalTime().isAfter(w.to()));
                LocalDate monday = s.start().toLocalDate().minusDays(s.start().getDayOfWeek().getValue() - 1L);
                perWeek.merge(monday, 1, Integer::sum);
                if (i > 0) {
                    Scheduler.Shift prev = shifts.get(i - 1);
                    assertFalse(id + " twice on " + s.start().toLocalDate(), prev.start().toLocalDate().equals(s.start().toLocalDate()));
                    assertTrue(id + " rests", Duration.between(prev.end(), s.start()).toMinutes() >= a.minRestMinutes());
                }
            }
            perWeek.values().forEach(n -> assertTrue(id + " works " + n + " days a week", n <= a.maxDaysPerWeek()));
        });
    }
}
