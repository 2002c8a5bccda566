package io.seatline.telephony;

import java.time.Instant;
import java.util.Map;

/**
 * A call in progress.
 *
 * @param state QUEUED, RINGING (an agent's phone rings), TALKING, HELD, CONSULTING, TRANSFERRING, ORIGINATING, SURVEY (the caller rates the call after the agent left)
 * @param data  customer data that travels with the call (kept across transfers; screen pop reads it)
 * @param parties who is on the call now (customer, agent, added parties, supervisors), ended legs left out
 */
public record CallInfo(String id, String tenantId, String direction, String from, String to, String did, String queue,
                       String state, String agentUserId, String agentLogin, Instant offeredAt, Instant answeredAt,
                       Map<String, String> data, java.util.List<CallParty> parties) {
}
