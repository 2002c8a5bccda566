package io.seatline.crm.internal;

import io.seatline.telephony.BusinessCalendar;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/** SLA arithmetic on a business calendar: adding hours that count only while the centre is open. */
final class BusinessHours {
    private static final int MAX_DAYS = 800;

    private BusinessHours() {
    }

    /**
     * {@code start} plus {@code duration} of opening time of {@code calendar} in {@code zone}. A calendar that is never
     * open (no hours in two years) counts wall-clock time instead, so a ticket always gets a due time.
     */
    static Instant add(Instant start, Duration duration, BusinessCalendar calendar, ZoneId zone) {
        long remaining = duration.getSeconds();
        ZonedDateTime cursor = start.atZone(zone);
        LocalDate day = cursor.toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (calendar.holidays() != null && calendar.holidays().contains(day)) {
                continue;
            }
            List<String> ranges = calendar.weekly() == null ? null : calendar.weekly().get(key(day.getDayOfWeek()));
            if (ranges == null) {
                continue;
            }
            for (String r : ranges) {
                String[] p = r.split("-");
                ZonedDateTime open = day.atTime(LocalTime.parse(p[0].strip())).atZone(zone);
                ZonedDateTime close = "24:00".equals(p[1].strip()) ? day.plusDays(1).atStartOfDay(zone) : day.atTime(LocalTime.parse(p[1].strip())).atZone(zone);
                ZonedDateTime from = cursor.isAfter(open) ? cursor : open;
                if (!from.isBefore(close)) {
                    continue;
                }
                long available = Duration.between(from, close).getSeconds();
                if (remaining <= available) {
                    return from.plusSeconds(remaining).toInstant();
                }
                remaining -= available;
            }
        }
        return start.plus(duration);
    }

    private static String key(DayOfWeek d) {
        return d.name().substring(0, 3).toUpperCase(Locale.ROOT);
    }
}
