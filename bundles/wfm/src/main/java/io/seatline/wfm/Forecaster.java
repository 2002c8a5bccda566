package io.seatline.wfm;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls and handling time per interval of a queue, forecast from its history: the days' volumes split into a level with a
 * trend (least squares over the recent weeks, the weekdays' seasonality taken out), the weekdays' own shares, and each
 * weekday's intraday profile averaged over the weeks; holidays kept out of all three and forecast by what past holidays
 * did; manual adjustments (a campaign launch, an outage) multiply the days they cover. Handling time per weekday and
 * interval is the calls-weighted mean of the weeks.
 *
 * <p>Times are the tenant's local times: an interval starts at a {@link LocalDateTime} of its zone. History is given as
 * observations of whole intervals; an interval without an observation had no calls.
 */
public final class Forecaster {
    /** Weeks of history the forecast needs at least. */
    public static final int MIN_WEEKS = 3;
    /** Weeks of history it looks at, at most (older weeks say little about next week). */
    public static final int MAX_WEEKS = 12;

    private Forecaster() {}

    /** What happened in one interval: its calls and their mean handling time. */
    public record Observation(LocalDateTime start, double calls, double ahtSeconds) {
    }

    /** A forecast (or a baseline) for one interval. */
    public record Interval(LocalDateTime start, double calls, double ahtSeconds) {
    }

    /** Days {@code from}–{@code to} (inclusive) get {@code factor} times the calls: 1.4 is "+40 %". */
    public record Adjustment(LocalDate from, LocalDate to, double factor, String reason) {
        public Adjustment {
            if (from == null || to == null || to.isBefore(from)) {
                throw new IllegalArgumentException("an adjustment runs from a day to the same or a later one");
            }
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("an adjustment's factor is a number >= 0");
            }
        }
    }

    /** Not enough history to forecast from: {@code weeks} whole weeks were found, {@link #MIN_WEEKS} are needed. */
    public static final class NotEnoughHistory extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        public final int weeks;

        NotEnoughHistory(int weeks) {
            super("not enough history to forecast: " + weeks + " whole week(s) before the first day, " + MIN_WEEKS + " needed");
            this.weeks = weeks;
        }
    }

    /**
     * The forecast for {@code days} days from {@code from}, interval by interval ({@code intervalMinutes}: 15 or 30).
     *
     * @throws NotEnoughHistory with fewer than {@link #MIN_WEEKS} whole weeks of history before {@code from}
     */
    public static List<Interval> forecast(List<Observation> history, int intervalMinutes, Set<LocalDate> holidays, LocalDate from, int days,
                                          List<Adjustment> adjustments) {
        return forecast(history, intervalMinutes, holidays, from, days, adjustments, from);
    }

    /**
     * The forecast for {@code days} days from {@code from}, learnt from the whole weeks before {@code until} (at most
     * {@code from}): next week's forecast made on a Wednesday learns from the weeks up to last Sunday, not from a week
     * whose last days have not happened yet.
     *
     * @throws NotEnoughHistory with fewer than {@link #MIN_WEEKS} whole weeks of history before {@code until}
     */
    public static List<Interval> forecast(List<Observation> history, int intervalMinutes, Set<LocalDate> holidays, LocalDate from, int days,
                                          List<Adjustment> adjustments, LocalDate until) {
        if (until.isAfter(from)) {
            throw new IllegalArgumentException("the history ends on or before the first forecast day");
        }
        History h = new History(history, intervalMinutes, holidays, until);
        int weeks = h.weeks;
        int slots = h.slots;
        // the weekdays' shares (mean of day / its week's mean day, holidays out), then the level and trend of the days
        // with the weekdays taken out (least squares over the days, holidays out)
        // each day against its week's level, the level from the week's ordinary days weighed by what they usually carry
        // (a week whose quiet Sunday is a holiday is not taken for a busier one); a few rounds settle it
        double[] weekday = new double[7];
        java.util.Arrays.fill(weekday, 1.0);
        for (int round = 0; round < 4; round++) {
            double[] sum = new double[7];
            int[] seen = new int[7];
            for (int w = 0; w < weeks; w++) {
                double calls = 0;
                double weight = 0;
                for (int d = 0; d < 7; d++) {
                    if (!h.holiday(w, d)) {
                        calls += h.dayTotal(w, d);
                        weight += weekday[d];
                    }
                }
                if (weight == 0 || calls == 0) {
                    continue;
                }
                double level = calls / weight;
                for (int d = 0; d < 7; d++) {
                    if (!h.holiday(w, d)) {
                        sum[d] += h.dayTotal(w, d) / level;
                        seen[d]++;
                    }
                }
            }
            double mean = 0;
            for (int d = 0; d < 7; d++) {
                weekday[d] = seen[d] == 0 ? weekday[d] : sum[d] / seen[d];
                mean += weekday[d] / 7;
            }
            for (int d = 0; d < 7 && mean > 0; d++) {
                weekday[d] /= mean;
            }
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int w = 0; w < weeks; w++) {
            for (int d = 0; d < 7; d++) {
                if (h.holiday(w, d) || weekday[d] == 0) {
                    continue;
                }
                double x = w * 7 + d;
                double y = h.dayTotal(w, d) / weekday[d];
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                n++;
            }
        }
        double slope = n > 1 && (n * sxx - sx * sx) != 0 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
        double intercept = n > 0 ? (sy - slope * sx) / n : 0;
        // past holidays against what the days would have been: their factor (1 when none was seen)
        double holidayRatio = 0;
        int holidaysSeen = 0;
        for (int w = 0; w < weeks; w++) {
            for (int d = 0; d < 7; d++) {
                double normal = Math.max(0, intercept + slope * (w * 7 + d)) * weekday[d];
                if (h.holiday(w, d) && normal > 0) {
                    holidayRatio += h.dayTotal(w, d) / normal;
                    holidaysSeen++;
                }
            }
        }
        double holidayFactor = holidaysSeen == 0 ? 1 : holidayRatio / holidaysSeen;
        // each weekday's intraday profile and handling times, from its ordinary days
        double[][] profile = new double[7][slots];
        double[][] handled = new double[7][slots];
        double[][] calls = new double[7][slots];
        for (int d = 0; d < 7; d++) {
            double total = 0;
            for (int w = 0; w < weeks; w++) {
                if (h.holiday(w, d)) {
                    continue;
                }
                for (int s = 0; s < slots; s++) {
                    profile[d][s] += h.calls[w][d][s];
                    calls[d][s] += h.calls[w][d][s];
                    handled[d][s] += h.calls[w][d][s] * h.aht[w][d][s];
                    total += h.calls[w][d][s];
                }
            }
            for (int s = 0; s < slots; s++) {
                profile[d][s] = total == 0 ? 1.0 / slots : profile[d][s] / total;
            }
        }
        double allCalls = 0;
        double allHandled = 0;
        double[] dayCalls = new double[7];
        double[] dayHandled = new double[7];
        for (int d = 0; d < 7; d++) {
            for (int s = 0; s < slots; s++) {
                dayCalls[d] += calls[d][s];
                dayHandled[d] += handled[d][s];
            }
            allCalls += dayCalls[d];
            allHandled += dayHandled[d];
        }
        double overallAht = allCalls == 0 ? 0 : allHandled / allCalls;
        List<Interval> out = new ArrayList<>(days * slots);
        for (int i = 0; i < days; i++) {
            LocalDate day = from.plusDays(i);
            int d = day.getDayOfWeek().getValue() - 1;
            double x = ChronoUnit.DAYS.between(h.firstDay, day);
            double total = Math.max(0, intercept + slope * x) * weekday[d];
            if (holidays.contains(day)) {
                total *= holidayFactor;
            }
            for (Adjustment a : adjustments) {
                if (!day.isBefore(a.from()) && !day.isAfter(a.to())) {
                    total *= a.factor();
                }
            }
            for (int s = 0; s < slots; s++) {
                // handling time: the slot's own when it saw enough calls, else the weekday's, else the queue's
                double aht = calls[d][s] >= 5 ? handled[d][s] / calls[d][s] : dayCalls[d] >= 5 ? dayHandled[d] / dayCalls[d] : overallAht;
                out.add(new Interval(day.atStartOfDay().plusMinutes((long) s * intervalMinutes), total * profile[d][s], aht));
            }
        }
        return out;
    }

    /** The seasonal-naive baseline: each interval as the same interval a week (or whole weeks) before, in the history. */
    public static List<Interval> seasonalNaive(List<Observation> history, int intervalMinutes, LocalDate from, int days) {
        History h = new History(history, intervalMinutes, Set.of(), from);
        List<Interval> out = new ArrayList<>(days * h.slots);
        for (int i = 0; i < days; i++) {
            LocalDate day = from.plusDays(i);
            int d = day.getDayOfWeek().getValue() - 1;
            int w = h.weeks - 1; // the last whole week's same weekday
            for (int s = 0; s < h.slots; s++) {
                out.add(new Interval(day.atStartOfDay().plusMinutes((long) s * intervalMinutes), h.calls[w][d][s], h.aht[w][d][s]));
            }
        }
        return out;
    }

    /** Weighted absolute percentage error of calls: Σ|actual − forecast| ÷ Σ actual, over the forecast's intervals. */
    public static double wape(List<Interval> forecast, Map<LocalDateTime, Double> actual) {
        double err = 0;
        double sum = 0;
        for (Interval f : forecast) {
            double a = actual.getOrDefault(f.start(), 0.0);
            err += Math.abs(a - f.calls());
            sum += a;
        }
        return sum == 0 ? (err == 0 ? 0 : Double.POSITIVE_INFINITY) : err / sum;
    }

    /** The whole weeks of history before the first forecast day, as [week][weekday][slot]. */
    private static final class History {
        final int slots;
        final int weeks;
        final LocalDate firstDay;
        final double[][][] calls;
        final double[][][] aht;
        final boolean[][] holiday;

        History(List<Observation> history, int intervalMinutes, Set<LocalDate> holidays, LocalDate from) {
            if (intervalMinutes != 15 && intervalMinutes != 30 && intervalMinutes != 60) {
                throw new IllegalArgumentException("an interval is 15, 30 or 60 minutes");
            }
            slots = 24 * 60 / intervalMinutes;
            LocalDate earliest = null;
            Map<LocalDateTime, Observation> at = new HashMap<>();
            for (Observation o : history) {
                if (o.start().toLocalDate().isBefore(from)) {
                    at.put(o.start(), o);
                    if (earliest == null || o.start().toLocalDate().isBefore(earliest)) {
                        earliest = o.start().toLocalDate();
                    }
                }
            }
            // whole weeks, Monday to Sunday, ending on the last Sunday before the first forecast day
            LocalDate end = from.minusDays(1);
            while (end.getDayOfWeek() != DayOfWeek.SUNDAY) {
                end = end.minusDays(1);
            }
            int found = earliest == null ? 0 : (int) Math.max(0, (ChronoUnit.DAYS.between(earliest, end) + 1) / 7);
            if (found < MIN_WEEKS) {
                throw new NotEnoughHistory(found);
            }
            weeks = Math.min(MAX_WEEKS, found);
            firstDay = end.minusDays(weeks * 7L - 1);
            calls = new double[weeks][7][slots];
            aht = new double[weeks][7][slots];
            holiday = new boolean[weeks][7];
            for (int w = 0; w < weeks; w++) {
                for (int d = 0; d < 7; d++) {
                    LocalDate day = firstDay.plusDays(w * 7L + d);
                    holiday[w][d] = holidays.contains(day);
                    for (int s = 0; s < slots; s++) {
                        Observation o = at.get(day.atTime(LocalTime.MIDNIGHT).plusMinutes((long) s * intervalMinutes));
                        if (o != null) {
                            calls[w][d][s] = o.calls();
                            aht[w][d][s] = o.ahtSeconds();
                        }
                    }
                }
            }
        }

        boolean holiday(int w, int d) {
            return holiday[w][d];
        }

        double dayTotal(int w, int d) {
            double t = 0;
            for (double c : calls[w][d]) {
                t += c;
            }
            return t;
        }
    }
}
