package io.seatline.billing;

import java.time.Instant;
import java.time.LocalDate;

/** The tenant is on {@code plan} from {@code from} (inclusive) until the next subscription starts. */
public record Subscription(String id, String tenantId, String plan, LocalDate from, LocalDate to, Instant createdAt, String createdBy) {
}
