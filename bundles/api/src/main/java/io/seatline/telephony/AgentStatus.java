package io.seatline.telephony;

import java.time.Instant;
import java.util.Map;

/**
 * The live state of one agent of the tenant in context.
 *
 * @param reason     NOT_READY reason code (e.g. {@code break}, {@code missed}), null otherwise
 * @param callId     the call the agent is reserved for, talking on or wrapping up
 * @param registered whether the agent's SIP phone is registered now (or a static contact is configured)
 */
public record AgentStatus(String userId, String login, String sipUser, AgentState state, String reason, Instant since,
                          String callId, String queue, String seatId, boolean registered, String contact,
                          Map<String, Integer> skills, long callsHandled, Instant idleSince) {
}
