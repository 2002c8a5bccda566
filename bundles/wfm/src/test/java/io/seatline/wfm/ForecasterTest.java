package io.seatline.wfm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.seatline.wfm.bench.SyntheticHistory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/**
 * The forecast against the seasonal-naive baseline (same interval last week) on synthetic histories with trend,
 * seasonality, holidays and noise: 30 seeds, two hold-out weeks each; it must beat the baseline on every seed, and on
 * the weeks holding a holiday too.
 */
public class ForecasterTest {
    private static final LocalDate START = LocalDate.of(2026, 1, 5); // a Monday

    @Test
    public void beatsSeasonalNaiveOnEverySeed() {
        Set<LocalDate> holidays = Set.of(START.plusDays(17), START.plusDays(38), START.plusDays(73), START.plusDays(86)); // one in a hold-out week
        List<Double> ratios = new ArrayList<>();
        for (long seed = 1; seed <= 30; seed++) {
            SyntheticHistory h = new SyntheticHistory(seed, START, 12 * 7, 30, holidays);
            LocalDate from = START.plusWeeks(10);
            List<Forecaster.Interval> f = Forecaster.forecast(h.before(from), 30, holidays, from, 14, List.of());
            List<Forecaster.Interval> naive = Forecaster.seasonalNaive(h.before(from), 30, from, 14);
            double wf = Forecaster.wape(f, h.actual(from, 14));
            double wn = Forecaster.wape(naive, h.actual(from, 14));
            ratios.add(wf / wn);
            assertTrue("seed " + seed + ": forecast WAPE " + wf + " vs naive " + wn, wf < wn);
            assertEquals(14 * 48, f.size());
        }
        double worst = ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue("worst forecast/naive WAPE ratio " + worst, worst < 0.9);
    }

    @Test
    public void handlingTimeFollowsTheEvening() {
        SyntheticHistory h = new SyntheticHistory(7, START, 6 * 7, 30, Set.of());
        LocalDate from = START.plusWeeks(6);
        List<Forecaster.Interval> f = Forecaster.forecast(h.before(from), 30, Set.of(), from, 1, List.of());
        double morning = f.get(20).ahtSeconds(); // 10:00
        double evening = f.get(40).ahtSeconds(); // 20:00
        assertEquals(200, morning, 5);
        assertEquals(240, evening, 8);
    }

    @Test
    public void adjustmentsAndHolidaysMoveTheDays() {
        Set<LocalDate> holidays = Set.of(START.plusDays(10), START.plusDays(24), START.plusDays(44));
        SyntheticHistory h = new SyntheticHistory(3, START, 6 * 7, 30, holidays);
        LocalDate from = START.plusWeeks(6); // a Monday
        List<Forecaster.Interval> plain = Forecaster.forecast(h.before(from), 30, holidays, from, 7, List.of());
        List<Forecaster.Interval> launch = Forecaster.forecast(h.before(from), 30, holidays, from, 7,
            List.of(new Forecaster.Adjustment(from.plusDays(1), from.plusDays(2), 1.4, "campaign launch")));
        assertEquals(day(plain, 0), day(launch, 0), 1e-9);
        assertEquals(day(plain, 1) * 1.4, day(launch, 1), 1e-6);
        assertEquals(day(plain, 2) * 1.4, day(launch, 2), 1e-6);
        // a holiday ahead: what the past ones did (a fifth of a day), learnt from the history
        Set<LocalDate> withNext = new java.util.HashSet<>(holidays);
        withNext.add(from.plusDays(3));
        List<Forecaster.Interval> holiday = Forecaster.forecast(h.before(from), 30, withNext, from, 7, List.of());
        assertEquals(0.2, day(holiday, 3) / day(plain, 3), 0.05);
    }

    @Test
    public void tooLittleHistoryIsRefusedSayingHowMuch() {
        SyntheticHistory h = new SyntheticHistory(1, START, 16, 30, Set.of());
        Forecaster.NotEnoughHistory e = assertThrows(Forecaster.NotEnoughHistory.class,
            () -> Forecaster.forecast(h.before(START.plusDays(16)), 30, Set.of(), START.plusDays(16), 7, List.of()));
        assertEquals(2, e.weeks);
        assertTrue(e.getMessage(), e.getMessage().contains("3 needed"));
        assertThrows(IllegalArgumentException.class, () -> Forecaster.forecast(List.of(), 20, Set.of(), START, 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Forecaster.Adjustment(START, START.minusDays(1), 1.2, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Forecaster.Adjustment(START, START, -1, "x"));
    }

    @Test
    public void aWeekStillUnderWayIsNotLearntFrom() {
        // four whole weeks of 100 calls at 08:00 every day, then this week's Monday and Tuesday (it is Wednesday)
        List<Forecaster.Observation> history = new ArrayList<>();
        LocalDate thisMonday = START.plusWeeks(4);
        for (LocalDate d = START; d.isBefore(thisMonday.plusDays(2)); d = d.plusDays(1)) {
            history.add(new Forecaster.Observation(d.atTime(8, 0), 100, 180));
        }
        LocalDate next = thisMonday.plusWeeks(1);
        List<Forecaster.Interval> learnt = Forecaster.forecast(history, 30, Set.of(), next, 7, List.of(), thisMonday);
        for (int d = 0; d < 7; d++) {
            assertEquals("day " + d, 100, day(learnt, d), 1e-6);
        }
        // learning up to the first day would take Wednesday to Sunday of this week for days without calls
        assertTrue(day(Forecaster.forecast(history, 30, Set.of(), next, 7, List.of()), 4) < 90);
        assertThrows(IllegalArgumentException.class, () -> Forecaster.forecast(history, 30, Set.of(), thisMonday, 7, List.of(), next));
    }

    private static double day(List<Forecaster.Interval> f, int day) {
        return f.subList(day * 48, day * 48 + 48).stream().mapToDouble(Forecaster.Interval::calls).sum();
    }
}
