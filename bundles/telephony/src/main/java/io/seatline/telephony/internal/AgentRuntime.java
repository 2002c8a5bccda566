package io.seatline.telephony.internal;

import io.seatline.telephony.AgentState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/** Live state of one agent; touched only on its tenant's actor. */
final class AgentRuntime {
    final String userId;
    String login;
    String sipUser;
    Map<String, Integer> skills;
    String staticContact;
    boolean autoAnswer;
    /** its phone may be behind NAT: RTP latching (symmetric RTP) */
    boolean symmetricRtp = true;

    AgentState state = AgentState.LOGGED_OUT;
    String reason;
    Instant since = Instant.now();
    String callId;
    String queue;
    String seatId;
    Instant idleSince = Instant.EPOCH;
    long callsHandled;
    long lastOfferSeq;
    /** when the agent's current wrap-up started (for the CDR's wrap-up time) */
    Instant wrapUpStarted;
    String wrapUpCallId;
    ScheduledFuture<?> wrapUpTimer;
    /** the seat was released while the agent had a call: log out when the call ends */
    boolean logoutAfterCall;

    AgentRuntime(String userId) {
        this.userId = userId;
    }
}
