package io.seatline.dialer;

import java.time.Instant;

/** A number that must not be called: {@code scope} TENANT (the tenant's list) or OPERATOR (every tenant). */
public record DncEntry(String phone, String scope, String reason, String addedBy, Instant addedAt) {
}
