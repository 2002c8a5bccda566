package io.seatline.telephony;

import java.time.Instant;

/** One persisted agent state transition (adherence and occupancy are computed from these). */
public record AgentStateChange(String userId, AgentState state, AgentState previous, String reason, String callId, Instant at) {
}
