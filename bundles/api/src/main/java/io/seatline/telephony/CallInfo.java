package io.seatline.telephony;

import java.time.Instant;
import java.util.Map;

/**
 * A call in progress.
 *
 * @param state QUEUED, RINGING (an agent's phone rings), TALKING, HELD, CONSULTING, TRANSFERRING, ORIGINATING
 * @param data  customer data that travels with the call (kept across transfers; screen pop reads it)
 */
public record CallInfo(String id, String tenantId, String direction, String from, String to, String did, String queue,
                       String state, String agentUserId, String agentLogin, Instant offeredAt, Instant answeredAt,
                       Map<String, String> data) {
}
