package io.seatline.tenancy;

import java.time.Instant;

/**
 * A seat and, if taken, the agent logged into it. For shared seats the occupant is shown only to the
 * occupant's own tenant ({@code occupiedByOtherTenant} is true otherwise).
 */
public record Seat(String id, SeatKind kind, String tenantId, String agentUserId, String agentLogin,
                   Instant since, boolean occupiedByOtherTenant) {
}
