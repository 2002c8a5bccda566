package io.seatline.telephony;

import java.util.List;

/** ACD of the tenant in context: queues, agent profiles, reason codes, agent states and live figures. */
public interface AcdService {

    List<CallQueue> queues();

    CallQueue queue(String name);

    CallQueue saveQueue(QueueSpec spec);

    void deleteQueue(String name);

    List<AgentProfile> agents();

    AgentProfile agent(String userId);

    AgentProfile saveAgent(String userId, AgentProfileSpec spec);

    void deleteAgent(String userId);

    List<ReasonCode> reasonCodes();

    List<ReasonCode> saveReasonCodes(List<ReasonCode> codes);

    /**
     * Logs the agent into a seat ({@code auto} or a seat id) and puts it NOT_READY("login"). Refused unless the
     * agent's phone is registered or a static contact is configured.
     */
    AgentStatus login(String userId, String seatId);

    /** Logs the agent out of its seat; refused while it has a call. */
    AgentStatus logout(String userId);

    /** READY or NOT_READY with a reason code of the tenant (also ends wrap-up early). */
    AgentStatus setState(String userId, AgentState state, String reason);

    List<AgentStatus> agentStatuses();

    AgentStatus agentStatus(String userId);

    List<QueueStats> queueStats();

    /** The floor every 30 s over the last four hours (kept in memory by the node), oldest first. */
    List<FloorSample> floorHistory();

    /** The agent's persisted transitions in [from, to), oldest first (at most {@code limit}). */
    List<AgentStateChange> stateHistory(String userId, java.time.Instant from, java.time.Instant to, int limit);
}
