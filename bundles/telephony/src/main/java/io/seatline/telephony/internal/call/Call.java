package io.seatline.telephony.internal.call;

import io.seatline.telephony.CallInfo;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.ivr.IvrRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/** A call in progress; touched only on its tenant's actor. */
public final class Call {
    public final String id;
    public final TenantAcd acd;
    final String direction;
    final String from;
    final String to;
    final String did;
    final Instant offeredAt = Instant.now();
    public final Map<String, String> data = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<Leg> legs = new ArrayList<>();

    public CallState state = CallState.QUEUED;
    public String queue;
    public int priority;
    public long seq;
    public Instant enqueuedAt;
    public Leg customer;
    /** the agent (or external party) the customer talks to now */
    Leg peer;
    /** a ringing leg that is not yet connected (new agent, transfer target, consult party) */
    Leg pending;
    Leg consult;
    /** the agent on the call now (may control it); null while it is transferred */
    public String agentUserId;
    /** the last agent who talked with the customer: what the CDR records */
    String agentLogin;
    public String cdrAgentUserId;
    String seatId;
    Instant answeredAt;
    Instant endedAt;
    long holdMs;
    Instant holdStarted;
    int transfers;
    String disposition;
    String hangupCause;
    ScheduledFuture<?> ringTimer;
    ScheduledFuture<?> maxWaitTimer;
    /** outbound: where the call goes once the called party answers */
    CallEngine.Target originateTarget;
    /** Dialer rule: an answered originated call not connected to an agent within this is abandoned (null: no limit). */
    Integer connectWithinSeconds;
    String abandonPrompt;
    ScheduledFuture<?> connectTimer;

    // ---- media (anchored calls)
    public io.seatline.telephony.internal.media.MediaSession media;
    io.seatline.telephony.internal.media.WavRecorder recorder;
    String recordingReason;
    Instant recordingStarted;
    String recordingId;
    /** what became of the call's recording (the CDR's recordingStatus): null, COMPLETE, DISK_FULL, WRITE_FAILED */
    String recordingStatus;
    /** the wrap-up's disposition code and note, filed by an agent during the call (the CDR takes them) */
    String outcome;
    String outcomeNote;
    /** the IVR the caller is in now, or null */
    public IvrRun ivr;
    public final StringBuilder ivrPath = new StringBuilder();
    /** Seatline answered the caller itself (IVR, hold music): the first agent needs no re-INVITE to the caller */
    boolean selfAnswered;
    /** the hold was the agent's phone's (its hold key): only the phone's resume ends it */
    boolean heldByPhone;
    /** the first number outside this call reached through a carrier (transfer, consultation, conference), or null */
    String carrierNumber;
    public boolean musicOn;
    public Integer csatScore;
    public String csatStatus;
    /** supervisors listening: user id → their leg and mode */
    final Map<String, Leg> supervisors = new LinkedHashMap<>();
    /** parties an agent added (three-way call / conference) */
    public final List<Leg> conference = new ArrayList<>();
    ScheduledFuture<?> announceTimer;
    /** what the journal last wrote of this call (see {@link CallJournal}), or null: not journaled */
    String journaled;
    /** whether the writer has written the call's journal row (read and written on the writer's thread only) */
    boolean journalRow;

    public Call(String id, TenantAcd acd, String direction, String from, String to, String did) {
        this.id = id;
        this.acd = acd;
        this.direction = direction;
        this.from = from;
        this.to = to;
        this.did = did;
    }

    Leg newLeg(Leg.Kind kind, String party) {
        Leg leg = new Leg(this, kind, legs.size() + 1, party);
        legs.add(leg);
        return leg;
    }

    public boolean ended() {
        return endedAt != null;
    }

    public CallInfo info() {
        return new CallInfo(id, acd.tenantId, direction, from, to, did, queue, state.name(), agentUserId, agentLogin, offeredAt,
            answeredAt, Map.copyOf(data), legs.stream().filter(l -> !l.ended())
                .map(l -> new io.seatline.telephony.CallParty(l.kind.name(), l.party, l.confirmed ? "CONNECTED" : "RINGING",
                    l.kind == Leg.Kind.SUPERVISOR ? l.mode : null, l.kind == Leg.Kind.SUPERVISOR ? supervisorOf(l) : l.agentUserId))
                .toList());
    }

    private String supervisorOf(Leg leg) {
        return supervisors.entrySet().stream().filter(e -> e.getValue() == leg).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** {@code agent} is on the call now: it may control the call, and the CDR, recording rights and wrap-up are its. */
    void assignAgent(AgentRuntime agent) {
        agentUserId = agent.userId;
        cdrAgentUserId = agent.userId;
        agentLogin = agent.login;
        seatId = agent.seatId;
    }
}
