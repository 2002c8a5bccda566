package io.seatline.telephony;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * When a tenant's centre is open, for IVR day/night branches.
 *
 * @param timezone a zone id; null: the tenant's timezone
 * @param weekly   MON..SUN → opening ranges such as {@code "09:00-18:00"}; a day that is absent is closed
 * @param holidays dates on which the centre is closed all day
 */
public record BusinessCalendar(String timezone, Map<String, List<String>> weekly, List<LocalDate> holidays) {
    public static final BusinessCalendar DEFAULT = new BusinessCalendar(null,
        Map.of("MON", List.of("09:00-18:00"), "TUE", List.of("09:00-18:00"), "WED", List.of("09:00-18:00"),
            "THU", List.of("09:00-18:00"), "FRI", List.of("09:00-18:00")), List.of());
}
