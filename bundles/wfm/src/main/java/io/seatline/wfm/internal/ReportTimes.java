package io.seatline.wfm.internal;

import io.seatline.reports.ReportScheduleService.Cadence;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/** When a scheduled report is sent and which period it covers, in the tenant's time zone: pure. */
final class ReportTimes {
    private ReportTimes() {
    }

    /**
     * The first sending strictly after {@code after}: every day at {@code hour}:00, every week on weekday {@code day}
     * (1 Monday – 7 Sunday), every month on day {@code day} (1–28). A local time a clock change skips is taken as the
     * zone gives it.
     */
    static Instant next(Cadence cadence, int hour, Integer day, ZoneId zone, Instant after) {
        LocalDate d = LocalDateTime.ofInstant(after, zone).toLocalDate();
        for (int i = 0; i < 400; i++, d = d.plusDays(1)) {
            boolean matches = switch (cadence) {
                case DAILY -> true;
                case WEEKLY -> d.getDayOfWeek().getValue() == (day == null ? 1 : day);
                case MONTHLY -> d.getDayOfMonth() == (day == null ? 1 : day);
            };
            if (matches) {
                Instant at = d.atTime(hour, 0).atZone(zone).toInstant();
                if (at.isAfter(after)) {
                    return at;
                }
            }
        }
        throw new IllegalStateException("no sending within 400 days");
    }

    /** The period a sending on local day {@code sentOn} reports: yesterday, last Monday–Sunday, or last month. */
    static LocalDate[] period(Cadence cadence, LocalDate sentOn) {
        return switch (cadence) {
            case DAILY -> new LocalDate[] {sentOn.minusDays(1), sentOn.minusDays(1)};
            case WEEKLY -> {
                LocalDate monday = sentOn.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
                yield new LocalDate[] {monday, monday.plusDays(6)};
            }
            case MONTHLY -> {
                LocalDate first = sentOn.withDayOfMonth(1).minusMonths(1);
                yield new LocalDate[] {first, first.with(TemporalAdjusters.lastDayOfMonth())};
            }
        };
    }
}
