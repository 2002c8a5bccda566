package io.seatline.billing.internal;

import io.seatline.core.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A billing period: a calendar month, in the tenant's time zone. */
public record Period(YearMonth month) {

    public static Period parse(String text) {
        try {
            return new Period(YearMonth.parse(text == null ? "" : text.trim()));
        } catch (DateTimeParseException e) {
            throw new ValidationException("invalid_period", "a period is a month, yyyy-MM (e.g. 2026-10)", "period");
        }
    }

    public static Period of(LocalDate day) {
        return new Period(YearMonth.from(day));
    }

    public LocalDate start() {
        return month.atDay(1);
    }

    /** The first day after the period. */
    public LocalDate end() {
        return month.plusMonths(1).atDay(1);
    }

    public Period next() {
        return new Period(month.plusMonths(1));
    }

    public Period previous() {
        return new Period(month.minusMonths(1));
    }

    /** Whether the period has ended in {@code zone} at {@code now}. */
    public boolean closed(ZoneId zone, Instant now) {
        return !now.isBefore(end().atStartOfDay(zone).toInstant());
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
