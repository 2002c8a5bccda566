package io.seatline.tenancy;

import java.time.Instant;

/** One change of a tenant's rented seats; billing prorates from these. */
public record SeatRentalChange(String id, String tenantId, SeatKind kind, int oldCount, int newCount,
                               Instant changedAt, String changedBy, String reason) {
}
