package io.seatline.telephony.internal.call;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.UnavailableException;
import io.seatline.core.ValidationException;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.Ids;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.CallEngine.Target;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Call control asked through the API (hang up, hold, resume, blind and consulted transfer) and origination with its
 * connect deadline (the dialer's safe-harbour rule).
 */
public final class CallControl extends EnginePart {
    CallControl(CallEngine engine) {
        super(engine);
    }

    public Call require(TenantAcd acd, String callId) {
        Call call = acd.calls.get(callId);
        if (call == null || call.ended()) {
            throw new NotFoundException("not_found", "call '" + callId + "' not found or already ended");
        }
        return call;
    }

    void hangup(Call call) {
        engine.ending.endCall(call, call.answeredAt != null ? "ANSWERED" : "ABANDONED", "hangup_request", Response.TEMPORARILY_UNAVAILABLE);
    }

    void hold(Call call) {
        if (call.state != CallState.TALKING || call.peer == null) {
            throw new ConflictException("invalid_call_state", "only a connected call can be put on hold (call is " + call.state + ")", null);
        }
        call.holdStarted = Instant.now();
        call.state = CallState.HELD;
        call.heldByPhone = false;
        engine.phoneRequests.reinvite(call.customer, call.peer.sdp, "sendonly", null);
        engine.publishCall(call, "HELD", null);
    }

    void resume(Call call) {
        if (call.state != CallState.HELD || call.peer == null) {
            throw new ConflictException("invalid_call_state", "the call is not on hold (it is " + call.state + ")", null);
        }
        engine.ending.endHold(call);
        call.state = CallState.TALKING;
        call.heldByPhone = false;
        engine.phoneRequests.reinvite(call.customer, call.peer.sdp, "sendrecv", null);
        engine.publishCall(call, "RESUMED", null);
    }

    void transfer(Call call, TransferTarget target) {
        if (!(call.state == CallState.TALKING || call.state == CallState.HELD) || call.peer == null) {
            throw new ConflictException("invalid_call_state", "only a connected call can be transferred (call is " + call.state + ")", null);
        }
        Target t = engine.targets.resolve(call.acd, target);
        requireReachable(call, t);
        Leg old = call.peer;
        call.peer = null;
        call.agentUserId = null; // the agent who transferred no longer controls the call
        engine.ending.endHold(call);
        call.transfers++;
        sip.sendInDialog(old.dialog, Request.BYE, null);
        old.endedAt = Instant.now();
        old.result = "ANSWERED";
        engine.ending.wrapUp(call, old);
        engine.publishCall(call, "TRANSFERRED", Map.of("target", String.valueOf(target)));
        try {
            engine.targets.route(call, t, call.customer.sdp);
        } catch (RuntimeException e) {
            // checked above, so only a race (the agent just got another call): back in line, or the end
            LOG.info("Transfer of call {} failed: {}", call.id, e.getMessage());
            if (call.pending == null && !call.ended()) {
                QueueRuntime q = call.acd.queue(call.queue);
                if (q != null) {
                    call.acd.enqueue(call, q, true);
                } else {
                    engine.ending.endCall(call, "ANSWERED", "transfer_failed", 0);
                }
            }
        }
    }

    /** Refuses a transfer or consultation whose target cannot take it, before anything changes on the call. */
    void requireReachable(Call call, Target t) {
        if (t.agent() != null) {
            AgentRuntime a = t.agent();
            if (a.userId.equals(call.agentUserId)) {
                throw new ValidationException("invalid_target", "the call is already with agent " + a.login, "agentUserId");
            }
            if (a.state != AgentState.READY && a.state != AgentState.NOT_READY && a.state != AgentState.WRAP_UP) {
                throw new ConflictException("agent_busy", "agent " + a.login + " is " + a.state, "agentUserId");
            }
            if (a.staticContact == null && registrar.contact(a.sipUser) == null) {
                throw new ConflictException("agent_unreachable", "agent " + a.login + " has no registered phone", "agentUserId");
            }
        } else if (t.number() != null && directory.outboundTrunk(call.acd.tenantId, call.did) == null) {
            throw new ConflictException("no_trunk", "no enabled trunk for outbound calls", null);
        }
    }

    void consult(Call call, TransferTarget target) {
        if (call.state != CallState.TALKING || call.peer == null || call.peer.agentUserId == null) {
            throw new ConflictException("invalid_call_state", "consult needs a call connected to an agent (call is " + call.state + ")", null);
        }
        Target t = engine.targets.resolve(call.acd, target);
        if (t.queue() != null) {
            throw new ValidationException("invalid_target", "consult with an agent or a number, not a queue", "queue");
        }
        requireReachable(call, t);
        Leg leg = engine.targets.startLeg(call, t, Leg.Kind.CONSULT, call.peer.sdp);
        if (leg == null) {
            if (t.agent() != null && t.agent().state == AgentState.RESERVED && call.id.equals(t.agent().callId)) {
                call.acd.transition(t.agent(), AgentState.NOT_READY, "unregistered", null);
            }
            throw new ConflictException("consult_failed", "the consultation call could not be placed", null);
        }
        call.consult = leg;
        call.holdStarted = Instant.now();
        call.state = CallState.CONSULTING;
        engine.phoneRequests.reinvite(call.customer, call.peer.sdp, "sendonly", null);
        engine.publishCall(call, "CONSULTING", t.agent() == null ? Map.of("target", String.valueOf(target))
            : Map.of("target", String.valueOf(target), "user.id", t.agent().userId, "agent", t.agent().login));
    }

    void consultAnswered(Call call, Leg leg) {
        engine.conference.agentAnswered(call, leg);
        // the first agent now talks to the consulted party
        engine.phoneRequests.reinvite(call.peer, leg.sdp, "sendrecv", null);
        engine.publishCall(call, "CONSULT_ANSWERED", Map.of("party", leg.party));
    }

    void completeTransfer(Call call) {
        Leg target = call.consult;
        if (target == null || !target.confirmed) {
            throw new ConflictException("no_consultation", "there is no answered consultation to complete", null);
        }
        call.consult = null;
        handOver(call, target);
    }

    /**
     * An attended transfer completes: the transferring agent leaves (BYE, wrap-up; it no longer controls the call) and
     * {@code target}, already answered, takes over the customer.
     */
    void handOver(Call call, Leg target) {
        Leg old = call.peer;
        call.peer = null;
        call.agentUserId = null;
        sip.sendInDialog(old.dialog, Request.BYE, null);
        old.endedAt = Instant.now();
        old.result = "ANSWERED";
        engine.ending.wrapUp(call, old);
        call.transfers++;
        connectConfirmed(call, target);
    }

    /** A party that already answered (a consulted agent) takes over the customer. */
    void connectConfirmed(Call call, Leg target) {
        engine.ending.endHold(call);
        call.peer = target;
        call.pending = null;
        call.state = CallState.TALKING;
        if (target.agentUserId != null) {
            AgentRuntime a = call.acd.agents.get(target.agentUserId);
            if (a != null) {
                call.assignAgent(a);
            }
        }
        // both sides are offered what the call is now (talking), not the SDP they sent while the customer was held
        engine.phoneRequests.reinvite(target, call.customer.sdp, "sendrecv", null);
        engine.phoneRequests.reinvite(call.customer, target.sdp, "sendrecv", null);
        engine.publishCall(call, "TRANSFERRED", Map.of("party", target.party, "attended", true));
    }

    void cancelConsult(Call call) {
        Leg leg = call.consult;
        if (leg == null) {
            throw new ConflictException("no_consultation", "there is no consultation to cancel", null);
        }
        call.consult = null;
        if (leg.confirmed) {
            sip.sendInDialog(leg.dialog, Request.BYE, null);
            leg.endedAt = Instant.now();
            engine.ending.wrapUp(call, leg);
        } else {
            engine.ending.cancelRinging(leg);
            engine.flow.releaseAgentAfterMiss(call, leg);
        }
        restoreAfterConsult(call);
        engine.publishCall(call, "CONSULT_CANCELLED", null);
    }

    void restoreAfterConsult(Call call) {
        if (call.peer == null || call.ended()) {
            return;
        }
        engine.ending.endHold(call);
        call.state = CallState.TALKING;
        engine.phoneRequests.reinvite(call.peer, call.customer.sdp, "sendrecv", null);
        engine.phoneRequests.reinvite(call.customer, call.peer.sdp, "sendrecv", null);
    }

    /** Outbound: the called party answered; connect it to the requested agent or queue. */
    void customerAnswered(Call call) {
        engine.ending.cancelRingTimer(call);
        call.answeredAt = Instant.now();
        engine.publishCall(call, "CUSTOMER_ANSWERED", null);
        if (call.connectWithinSeconds != null) {
            call.connectTimer = timers.schedule(() -> call.acd.actor.execute(() -> connectDeadline(call)), call.connectWithinSeconds * 1000L,
                TimeUnit.MILLISECONDS);
        }
        Target t = call.originateTarget;
        call.originateTarget = null;
        try {
            engine.targets.route(call, t, call.customer.sdp);
        } catch (RuntimeException e) {
            LOG.info("Originated call {} cannot reach its target: {}", call.id, e.getMessage());
            engine.ending.endCall(call, "FAILED", "target_unavailable", 0);
        }
    }

    /**
     * Dialer rule: the customer answered and no agent took the call in time. The call leaves the queue (a ringing agent
     * is released), the customer hears the safe-harbour message and the call ends ABANDONED with cause no_agent.
     */
    void connectDeadline(Call call) {
        call.connectTimer = null;
        if (call.ended() || call.peer != null) {
            return;
        }
        call.acd.removeWaiting(call);
        CallEnd.cancelMaxWait(call);
        Leg pending = call.pending;
        if (pending != null) {
            call.pending = null;
            engine.ending.cancelRingTimer(call);
            engine.ending.cancelRinging(pending);
            AgentRuntime agent = pending.agentUserId == null ? null : call.acd.agents.get(pending.agentUserId);
            if (agent != null && agent.state == AgentState.RESERVED && call.id.equals(agent.callId)) {
                call.acd.transition(agent, AgentState.READY, null, null);
            }
        }
        call.state = CallState.SAFE_HARBOUR;
        engine.publishCall(call, "NO_AGENT", Map.of("connectWithinSeconds", call.connectWithinSeconds));
        Leg customer = call.customer;
        if (call.media == null || customer.media == null || !customer.confirmed) {
            engine.ending.endCall(call, "ABANDONED", "no_agent", 0);
            return;
        }
        String prompt = call.abandonPrompt == null ? "safe-harbour" : call.abandonPrompt;
        engine.phoneRequests.reinvite(customer, customer.sdp, "sendrecv", answer -> ivr.playThen(call, prompt,
            () -> engine.ending.endCall(call, "ABANDONED", "no_agent", 0)));
        // a customer who refuses the re-INVITE or never answers it is released all the same
        timers.schedule(() -> call.acd.actor.execute(() -> engine.ending.endCall(call, "ABANDONED", "no_agent", 0)), 30, TimeUnit.SECONDS);
    }

    Call originate(TenantAcd acd, String number, TransferTarget target, String callerId, int ringSeconds, Map<String, String> data) {
        if (engine.draining) {
            throw new UnavailableException("telephony_draining",
                "telephony restarts its SIP listener once the calls in progress have ended; new calls are refused until then");
        }
        Target t = engine.targets.resolve(acd, target);
        if (t.number() != null) {
            throw new ValidationException("invalid_target", "an originated call is bridged to an agent or a queue, not to another number", "target");
        }
        String digits = CallEngine.normalise(number);
        if (digits == null || digits.length() < 3 || digits.length() > 32) {
            throw new ValidationException("invalid_number", "number must have 3-32 digits", "number");
        }
        String cli = callerId == null || callerId.isBlank() ? directory.defaultCallerId(acd.tenantId) : CallEngine.normalise(callerId);
        if (cli == null || !directory.ownsDid(acd.tenantId, cli)) {
            throw new ValidationException("invalid_caller_id", "caller id must be one of the tenant's DIDs", "callerId");
        }
        Trunk trunk = directory.outboundTrunk(acd.tenantId, cli);
        if (trunk == null) {
            throw new ConflictException("no_trunk", "no enabled trunk for outbound calls", null);
        }
        Call call = new Call(Ids.next(), acd, "OUTBOUND", cli, digits, cli);
        if (data != null) {
            if (data.size() > 50 || data.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getKey().length() > 64
                || (e.getValue() != null && e.getValue().length() > 1000))) {
                throw new ValidationException("invalid_data", "data holds at most 50 entries, keys up to 64 and values up to 1000 characters", "data");
            }
            call.data.putAll(data);
        }
        call.originateTarget = t;
        call.queue = t.queue() != null ? t.queue().def.name() : null;
        call.state = CallState.ORIGINATING;
        Leg leg = call.newLeg(Leg.Kind.CUSTOMER, digits);
        call.customer = leg;
        if (mediaEngine != null) {
            // anchored like an inbound call: the callee is offered Seatline's own endpoint (recording, supervision, DTMF)
            call.media = mediaEngine.session(call.id);
            try {
                leg.media = mediaEngine.allocate("customer");
            } catch (RuntimeException e) {
                call.media.close();
                throw e;
            }
            call.media.add(leg.media);
            leg.media.onDigit(d -> acd.actor.execute(() -> ivr.digit(call, d)));
        }
        try {
            acd.calls.put(call.id, call);
            // media anchored: an offer of Seatline's endpoint; otherwise a delayed offer answered in the ACK (parked)
            leg.inviteClientTx = engine.targets.sendInvite(call, leg, cli, CallFlow.trunkReach(trunk, digits), call.media == null ? null : new byte[0], Map.of());
        } catch (Exception e) {
            acd.calls.remove(call.id);
            if (call.media != null) {
                call.media.close();
            }
            engine.ending.forget(leg);
            throw new IllegalStateException("cannot originate: " + e.getMessage(), e);
        }
        if (leg.inviteClientTx == null) {
            engine.flow.legFailed(leg, Response.SERVICE_UNAVAILABLE);
            return call;
        }
        call.ringTimer = timers.schedule(() -> acd.actor.execute(() -> engine.flow.ringTimeout(leg)), ringSeconds, TimeUnit.SECONDS);
        engine.publishCall(call, "ORIGINATED", Map.of("target", String.valueOf(target)));
        return call;
    }
}
