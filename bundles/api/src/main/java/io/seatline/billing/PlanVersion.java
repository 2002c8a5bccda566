package io.seatline.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A version of a rate plan, in force on [{@code validFrom}, {@code validTo}) (validTo null: open-ended). Versions of one
 * plan never overlap. Seat prices are per seat and month; {@code sharedAgentHour} prices the agent-hours worked on shared
 * seats; {@code recordingGbMonth} the recordings stored at the end of a month.
 */
public record PlanVersion(String id, String plan, String name, LocalDate validFrom, LocalDate validTo, String currency,
                          BigDecimal dedicatedSeat, BigDecimal sharedSeat, BigDecimal sharedAgentHour, BigDecimal recordingGbMonth,
                          String timezoneNote, List<Band> bands, String defaultBand, List<RateRow> rates, Integer rateCount, Instant createdAt,
                          String createdBy) {
}
