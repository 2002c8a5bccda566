package io.seatline.dialer;

import java.time.Instant;

/** A list of contacts of a campaign. {@code status}: ACTIVE or PAUSED (its contacts are not dialled). */
public record ContactList(String id, String campaignId, String name, String status, long contacts, Instant createdAt) {
}
