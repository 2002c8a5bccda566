package io.seatline.billing;

import java.time.Instant;

/** A call no rate matched: reported, never charged zero. Rates added later price it on the next {@link RatingService#rerate}. */
public record Unrated(String cdrId, String tenantId, String period, String direction, String number, Instant answeredAt, long talkMs,
                      String reason, Instant at) {
}
