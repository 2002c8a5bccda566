package io.seatline.billing.internal.calc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Seat rental is billed in advance for a whole period at the seats and price in force when the period starts. What
 * changes during the period is settled by the day on the next invoice: from the day of the change to the end of the
 * period, the old state is credited and the new one charged (the day of a change counts for the new state). A
 * change of seats at the same price is one line for the difference; a change of price (a new plan version) credits
 * the old seats at the old price and charges the new seats at the new price. Each line is rounded half-up to the
 * currency's minor unit.
 */
public final class Proration {

    /** What is rented from {@code from} on: {@code seats} at {@code unitPrice} per seat and period. */
    public record State(LocalDate from, int seats, BigDecimal unitPrice, String plan) {
    }

    /**
     * One settlement line: {@code seats} × {@code unitPrice} × {@code days}/{@code periodDays}; CREDIT amounts are negative.
     */
    public record Line(String kind, LocalDate from, LocalDate to, int seats, BigDecimal unitPrice, String plan, long days, long periodDays,
                       BigDecimal amount) {
    }

    private Proration() {
    }

    /**
     * The settlement lines of the period [{@code start}, {@code end}) (end exclusive).
     *
     * @param billed  what the advance invoice charged for this period (null: nothing, e.g. the tenant started renting
     *                during it)
     * @param changes the states that took effect during the period, in date order
     * @param minor   the currency's decimal places
     */
    public static List<Line> settle(LocalDate start, LocalDate end, State billed, List<State> changes, int minor) {
        long periodDays = ChronoUnit.DAYS.between(start, end);
        List<Line> lines = new ArrayList<>();
        State before = billed == null ? new State(start, 0, BigDecimal.ZERO, null) : billed;
        for (State now : changes) {
            if (now.from().isBefore(start) || !now.from().isBefore(end)) {
                throw new IllegalArgumentException("change of " + now.from() + " outside the period " + start + " - " + end);
            }
            long days = ChronoUnit.DAYS.between(now.from(), end);
            LocalDate last = end.minusDays(1);
            if (now.unitPrice().compareTo(before.unitPrice()) == 0 && java.util.Objects.equals(now.plan(), before.plan())) {
                int diff = now.seats() - before.seats();
                if (diff != 0) {
                    lines.add(line(diff > 0 ? "CHARGE" : "CREDIT", now.from(), last, Math.abs(diff), now.unitPrice(), now.plan(), days, periodDays,
                        diff > 0 ? 1 : -1, minor));
                }
            } else {
                if (before.seats() > 0) {
                    lines.add(line("CREDIT", now.from(), last, before.seats(), before.unitPrice(), before.plan(), days, periodDays, -1, minor));
                }
                if (now.seats() > 0) {
                    lines.add(line("CHARGE", now.from(), last, now.seats(), now.unitPrice(), now.plan(), days, periodDays, 1, minor));
                }
            }
            before = now;
        }
        return lines;
    }

    private static Line line(String kind, LocalDate from, LocalDate to, int seats, BigDecimal price, String plan, long days, long periodDays,
                             int sign, int minor) {
        BigDecimal amount = price.multiply(BigDecimal.valueOf(seats)).multiply(BigDecimal.valueOf(days))
            .divide(BigDecimal.valueOf(periodDays), minor, RoundingMode.HALF_UP);
        return new Line(kind, from, to, seats, price, plan, days, periodDays, sign < 0 ? amount.negate() : amount);
    }
}
