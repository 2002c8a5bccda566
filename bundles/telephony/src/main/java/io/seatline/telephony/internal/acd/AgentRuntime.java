package io.seatline.telephony.internal.acd;

import io.seatline.telephony.AgentState;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/** Live state of one agent; touched only on its tenant's actor. */
public final class AgentRuntime {
    public final String userId;
    public String login;
    public String sipUser;
    public Map<String, Integer> skills;
    public String staticContact;
    public boolean autoAnswer;
    /** its phone may be behind NAT: RTP latching (symmetric RTP) */
    public boolean symmetricRtp = true;

    public AgentState state = AgentState.LOGGED_OUT;
    public String reason;
    Instant since = Instant.now();
    public String callId;
    public String queue;
    public String seatId;
    Instant idleSince = Instant.EPOCH;
    public long callsHandled;
    long lastOfferSeq;
    /** when the agent's current wrap-up started (for the CDR's wrap-up time) */
    public Instant wrapUpStarted;
    public String wrapUpCallId;
    public ScheduledFuture<?> wrapUpTimer;
    /** the seat was released while the agent had a call: log out when the call ends */
    public boolean logoutAfterCall;

    public AgentRuntime(String userId) {
        this.userId = userId;
    }
}
