package io.seatline.telephony.internal.call;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.call.CallEngine.Reach;
import io.seatline.telephony.internal.call.CallEngine.Target;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;

/**
 * Supervision (listen, whisper, barge) and parties added to a call by its agent (three-way calls and conferences).
 */
public final class Conference extends EnginePart {
    Conference(CallEngine engine) {
        super(engine);
    }

    /** Rings a supervisor's phone to monitor, whisper or barge into a call; or changes the mode of one listening. */
    public void supervise(Call call, String supervisorUserId, String mode) {
        String m = mode == null ? "MONITOR" : mode.toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("MONITOR", "WHISPER", "BARGE").contains(m)) {
            throw new ValidationException("invalid_mode", "mode must be MONITOR, WHISPER or BARGE", "mode");
        }
        if (call.media == null) {
            throw new ConflictException("no_media", "the media of this call is not anchored", null);
        }
        Leg existing = call.supervisors.get(supervisorUserId);
        if (existing != null && !existing.ended()) {
            existing.mode = m;
            engine.publishCall(call, "SUPERVISED", Map.of("user.id", supervisorUserId, "mode", m));
            return;
        }
        if (call.peer == null || !(call.state == CallState.TALKING || call.state == CallState.HELD)) {
            throw new ConflictException("invalid_call_state", "only a call connected to an agent can be supervised (call is " + call.state + ")", null);
        }
        if (supervisorUserId.equals(call.agentUserId)) {
            throw new ValidationException("invalid_target", "an agent cannot supervise its own call", "supervisorUserId");
        }
        AgentRuntime sup = call.acd.agents.get(supervisorUserId);
        Reach contact = sup == null ? null : engine.flow.reachOf(sup);
        if (contact == null) {
            throw new ConflictException("supervisor_unreachable", "the supervisor has no registered phone (an agent profile with a SIP identity is needed)", "supervisorUserId");
        }
        Leg leg = call.newLeg(Leg.Kind.SUPERVISOR, sup.login);
        leg.mode = m;
        call.supervisors.put(supervisorUserId, leg);
        dialParty(call, leg, contact, "supervise");
    }

    public void stopSupervising(Call call, String supervisorUserId) {
        Leg leg = call.supervisors.get(supervisorUserId);
        if (leg == null || leg.ended()) {
            throw new NotFoundException("not_found", "that supervisor is not listening to this call");
        }
        hangupLeg(leg);
        partyLeft(call, leg, 0);
    }

    /** The agent adds another agent or a number to the call (three-way call, conference of up to 6 parties). */
    public void addParty(Call call, TransferTarget target) {
        if (call.media == null) {
            throw new ConflictException("no_media", "the media of this call is not anchored", null);
        }
        if (call.peer == null || call.state != CallState.TALKING) {
            throw new ConflictException("invalid_call_state", "parties can be added to a connected call (call is " + call.state + ")", null);
        }
        if (call.conference.stream().filter(l -> !l.ended()).count() >= 4) {
            throw new ConflictException("conference_full", "a conference has at most 6 parties", null);
        }
        Target t = engine.targets.resolve(call.acd, target);
        if (t.queue() != null) {
            throw new ValidationException("invalid_target", "add an agent or a number, not a queue", "queue");
        }
        engine.control.requireReachable(call, t);
        if (t.agent() != null) {
            AgentRuntime a = t.agent();
            Reach contact = engine.flow.reachOf(a);
            call.acd.transition(a, AgentState.RESERVED, null, call.id);
            Leg leg = call.newLeg(Leg.Kind.CONFERENCE, a.login);
            leg.agentUserId = a.userId;
            call.conference.add(leg);
            dialParty(call, leg, contact, "conference");
            return;
        }
        Trunk trunk = directory.outboundTrunk(call.acd.tenantId, call.did);
        Leg leg = call.newLeg(Leg.Kind.CONFERENCE, t.number());
        Targets.carrier(call, t.number());
        call.conference.add(leg);
        try {
            leg.inviteClientTx = engine.targets.sendInvite(call, leg, call.from == null ? "anonymous" : call.from, CallFlow.trunkReach(trunk, t.number()), new byte[0], Map.of());
        } catch (Exception e) {
            throw new IllegalStateException("cannot call " + t.number() + ": " + e.getMessage(), e);
        }
        leg.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> engine.flow.ringTimeout(leg)), engine.cfg.ring_timeout_seconds(), TimeUnit.SECONDS);
        engine.publishCall(call, "PARTY_DIALLING", Map.of("party", leg.party));
    }

    void dialParty(Call call, Leg leg, Reach contact, String why) {
        try {
            Map<String, String> headers = Map.of("Call-Info", "<sip:" + sip.host + ">;answer-after=0", "X-Seatline-Purpose", why);
            leg.inviteClientTx = engine.targets.sendInvite(call, leg, call.from == null ? "anonymous" : call.from, contact, new byte[0], headers);
        } catch (Exception e) {
            throw new IllegalStateException("cannot ring " + contact.uri() + ": " + e.getMessage(), e);
        }
        if (leg.inviteClientTx == null) {
            throw new io.seatline.core.UnavailableException("sip_unavailable", "the INVITE could not be sent");
        }
        leg.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> engine.flow.ringTimeout(leg)), engine.cfg.ring_timeout_seconds(), TimeUnit.SECONDS);
    }

    /** An agent rung for a consultation or as an added party answered: it is on this call now. */
    void agentAnswered(Call call, Leg leg) {
        if (leg.agentUserId != null) {
            AgentRuntime a = call.acd.agents.get(leg.agentUserId);
            if (a != null && a.state == AgentState.RESERVED && call.id.equals(a.callId)) {
                a.queue = call.queue;
                call.acd.transition(a, AgentState.ON_CALL, null, call.id);
            }
        }
    }

    void partyAnswered(Call call, Leg leg) {
        agentAnswered(call, leg);
        engine.publishCall(call, leg.kind == Leg.Kind.SUPERVISOR ? "SUPERVISED" : "PARTY_JOINED",
            leg.kind == Leg.Kind.SUPERVISOR ? Map.of("party", leg.party, "mode", leg.mode) : Map.of("party", leg.party));
    }

    void partyLeft(Call call, Leg leg, int status) {
        if (leg.endedAt == null) {
            leg.endedAt = Instant.now();
        }
        call.supervisors.values().remove(leg);
        call.conference.remove(leg);
        AgentRuntime a = leg.agentUserId == null ? null : call.acd.agents.get(leg.agentUserId);
        if (a != null && call.id.equals(a.callId)) {
            engine.ending.wrapUp(call, leg); // if it talked
        }
        engine.flow.releaseAgentAfterMiss(call, leg); // if it was still ringing
        if (call.media != null && leg.media != null) {
            call.media.remove(leg.media);
        }
        engine.publishCall(call, leg.kind == Leg.Kind.SUPERVISOR ? "SUPERVISION_ENDED" : "PARTY_LEFT", Map.of("party", leg.party, "status", status));
    }

    /** Ends one leg that is still up: BYE when answered, CANCEL while it rings. */
    void hangupLeg(Leg leg) {
        if (leg.ended()) {
            return;
        }
        if (leg.confirmed) {
            sip.sendInDialog(leg.dialog, Request.BYE, null);
            leg.result = "ANSWERED";
        } else if (leg.inviteClientTx != null) {
            leg.cancelled = true;
            sip.cancel(leg.inviteClientTx);
            leg.result = "CANCELLED";
        }
        leg.endedAt = Instant.now();
    }
}
