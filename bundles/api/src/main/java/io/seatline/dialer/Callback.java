package io.seatline.dialer;

import java.time.Instant;

/**
 * A callback promised to a customer in the wrap-up of a call outside any campaign: due at {@code dueAt} (the local
 * time the agent chose in {@code zone}), for one agent or, with {@code agentUserId} null, for any agent of the tenant.
 * It is done when an agent marks it so (after calling back).
 */
public record Callback(String id, String callId, String phone, String customerId, String code, String note, Instant dueAt,
                       String zone, String agentUserId, String createdBy, Instant createdAt, Instant doneAt, String doneBy) {
}
