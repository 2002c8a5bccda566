package io.seatline.wfm.bench;

import io.seatline.wfm.Forecaster;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A queue's history as a contact centre has it, generated from a seed: a level growing a little each week, weekdays
 * busier than the weekend, two peaks a day (late morning, early afternoon) and a quiet night, holidays at a fifth of a
 * normal day, handling times longer in the evening, and Poisson noise on every interval.
 */
public final class SyntheticHistory {
    public final List<Forecaster.Observation> observations = new ArrayList<>();
    public final Set<LocalDate> holidays;
    public final LocalDate start;
    public final int intervalMinutes;

    public SyntheticHistory(long seed, LocalDate start, int days, int intervalMinutes, Set<LocalDate> holidays) {
        this.start = start;
        this.intervalMinutes = intervalMinutes;
        this.holidays = holidays;
        Random r = new Random(seed);
        double level = 900 + r.nextInt(600);          // calls on an ordinary weekday at the start
        double growth = 0.002 + r.nextDouble() * 0.004; // per day
        double[] weekday = {1.08, 1.02, 1.0, 1.0, 0.97, 0.55, 0.4};
        int slots = 24 * 60 / intervalMinutes;
        for (int i = 0; i < days; i++) {
            LocalDate day = start.plusDays(i);
            double total = level * (1 + growth * i) * weekday[day.getDayOfWeek().getValue() - 1] * (holidays.contains(day) ? 0.2 : 1);
            double[] shape = new double[slots];
            double sum = 0;
            for (int s = 0; s < slots; s++) {
                double hour = (s + 0.5) * intervalMinutes / 60.0;
                double v = 0.02 + Math.exp(-Math.pow((hour - 10.5) / 1.8, 2)) + 0.8 * Math.exp(-Math.pow((hour - 15) / 2.2, 2));
                shape[s] = v;
                sum += v;
            }
            for (int s = 0; s < slots; s++) {
                double mean = total * shape[s] / sum;
                int calls = poisson(r, mean);
                double hour = (s + 0.5) * intervalMinutes / 60.0;
                double aht = 200 + (hour > 18 ? 40 : 0) + r.nextGaussian() * 10;
                observations.add(new Forecaster.Observation(day.atStartOfDay().plusMinutes((long) s * intervalMinutes), calls, aht));
            }
        }
    }

    /** The observations before {@code day}: what a forecast for it may learn from. */
    public List<Forecaster.Observation> before(LocalDate day) {
        return observations.stream().filter(o -> o.start().toLocalDate().isBefore(day)).toList();
    }

    /** The calls of each interval of {@code days} days from {@code from}: what a forecast for them is measured against. */
    public java.util.Map<LocalDateTime, Double> actual(LocalDate from, int days) {
        java.util.Map<LocalDateTime, Double> m = new java.util.HashMap<>();
        for (Forecaster.Observation o : observations) {
            LocalDate d = o.start().toLocalDate();
            if (!d.isBefore(from) && d.isBefore(from.plusDays(days))) {
                m.put(o.start(), o.calls());
            }
        }
        return m;
    }

    static int poisson(Random r, double mean) {
        if (mean > 50) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
