package io.seatline.telephony.internal.call;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.CallEngine.Reach;
import io.seatline.telephony.internal.call.CallEngine.Target;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Where a leg goes: an agent, a queue or a number resolved to a target, routed, and dialled as a new leg (a phone's
 * contact or a trunk).
 */
final class Targets extends EnginePart {
    Targets(CallEngine engine) {
        super(engine);
    }

    Target resolve(TenantAcd acd, TransferTarget target) {
        if (target == null) {
            throw new ValidationException("required", "a target (agentUserId, queue or number) is required", "target");
        }
        int n = (target.agentUserId() == null ? 0 : 1) + (target.queue() == null ? 0 : 1) + (target.number() == null ? 0 : 1);
        if (n != 1) {
            throw new ValidationException("invalid_target", "give exactly one of agentUserId, queue, number", "target");
        }
        if (target.agentUserId() != null) {
            AgentRuntime a = acd.agents.get(target.agentUserId());
            if (a == null) {
                throw new NotFoundException("not_found", "agent '" + target.agentUserId() + "' not found");
            }
            return new Target(a, null, null);
        }
        if (target.queue() != null) {
            QueueRuntime q = acd.queue(target.queue());
            if (q == null) {
                throw new NotFoundException("not_found", "queue '" + target.queue() + "' not found");
            }
            return new Target(null, q, null);
        }
        String digits = CallEngine.normalise(target.number());
        if (digits == null || digits.length() < 3 || digits.length() > 32) {
            throw new ValidationException("invalid_number", "number must have 3-32 digits", "number");
        }
        return new Target(null, null, digits);
    }

    /** Sends the call to a resolved target: offer to an agent, queue it, or dial out. */
    void route(Call call, Target t, byte[] sdp) {
        if (t.queue() != null) {
            if (!t.queue().def.name().equals(call.queue)) {
                t.queue().on(call.acd.today()).offered++;
            }
            engine.flow.scheduleMaxWait(call, t.queue());
            call.acd.enqueue(call, t.queue(), false);
            if (call.state == CallState.QUEUED) {
                engine.publishCall(call, "QUEUED", null);
            }
            return;
        }
        Leg leg = startLeg(call, t, Leg.Kind.AGENT, sdp);
        if (leg != null) {
            call.pending = leg;
        } else if (call.pending == null && !call.ended() && call.state != CallState.QUEUED) {
            // nothing rings and the call waits nowhere (the INVITE could not be sent): the caller must not wait for ever
            throw new io.seatline.core.UnavailableException("target_unavailable", "the target could not be called");
        }
    }

    /** Rings an agent (who must be READY, or NOT_READY for a direct call) or dials a number through a trunk. */
    Leg startLeg(Call call, Target t, Leg.Kind kind, byte[] sdp) {
        if (t.agent() != null) {
            AgentRuntime a = t.agent();
            if (a.state != AgentState.READY && a.state != AgentState.NOT_READY && a.state != AgentState.WRAP_UP) {
                throw new ConflictException("agent_busy", "agent " + a.login + " is " + a.state, "agentUserId");
            }
            call.acd.transition(a, AgentState.RESERVED, null, call.id);
            if (kind == Leg.Kind.AGENT) {
                engine.flow.offer(call, a);
                return null; // engine.flow.offer() set call.pending
            }
            Reach contact = engine.flow.reachOf(a);
            if (contact == null) {
                call.acd.transition(a, AgentState.NOT_READY, "unregistered", null);
                throw new ConflictException("agent_unreachable", "agent " + a.login + " has no registered phone", "agentUserId");
            }
            Leg leg = call.newLeg(kind, a.login);
            leg.agentUserId = a.userId;
            return dial(call, leg, contact, sdp);
        }
        Trunk trunk = directory.outboundTrunk(call.acd.tenantId, call.did);
        if (trunk == null) {
            throw new ConflictException("no_trunk", "no enabled trunk for outbound calls", null);
        }
        Leg leg = call.newLeg(kind == Leg.Kind.CONSULT ? Leg.Kind.CONSULT : Leg.Kind.EXTERNAL, t.number());
        carrier(call, t.number());
        return dial(call, leg, CallFlow.trunkReach(trunk, t.number()), sdp);
    }

    Leg dial(Call call, Leg leg, Reach target, byte[] sdp) {
        try {
            leg.inviteClientTx = sendInvite(call, leg, call.from == null ? "anonymous" : call.from, target, sdp, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException("cannot call " + target.uri() + ": " + e.getMessage(), e);
        }
        if (leg.inviteClientTx == null) {
            engine.flow.legFailed(leg, Response.SERVICE_UNAVAILABLE);
            return null;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        int ring = q == null ? engine.cfg.ring_timeout_seconds() : Math.max(q.def.ringTimeoutSeconds(), 20);
        leg.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> engine.flow.ringTimeout(leg)), ring, TimeUnit.SECONDS);
        engine.publishCall(call, "DIALLING", Map.of("party", leg.party));
        return leg;
    }

    /**
     * Sends a new INVITE for {@code leg}: tagged with the call id, and mapped by its Call-ID before it leaves so that
     * no answer can arrive unknown. Returns the transaction, or null when the stack could not send it.
     */
    ClientTransaction sendInvite(Call call, Leg leg, String fromUser, Reach target, byte[] sdp,
                                         Map<String, String> headers) throws java.text.ParseException, javax.sip.InvalidArgumentException {
        if (call.media != null && leg.media == null) {
            leg.media = mediaEngine.allocate(leg.kind.name().toLowerCase(java.util.Locale.ROOT));
            call.media.add(leg.media);
        }
        if (leg.media != null) {
            leg.media.symmetric(target.symmetricRtp(), target.signallingIp());
        }
        // a new party is offered a two-way call, whatever the direction of the SDP it is given to start from
        byte[] body = sdp == null ? null : engine.callMedia.sdpFor(leg, sdp, "sendrecv");
        Request inv = sip.invite(fromUser, null, target.uri(), body == null || body.length == 0 ? null : body, target.transport());
        inv.addHeader(sip.headers.createHeader("X-Seatline-Call", call.id));
        for (Map.Entry<String, String> h : headers.entrySet()) {
            inv.addHeader(sip.headers.createHeader(h.getKey(), h.getValue()));
        }
        leg.sipCallId = ((CallIdHeader) inv.getHeader(CallIdHeader.NAME)).getCallId();
        legsBySipCallId.put(leg.sipCallId, leg);
        if (target.pinIp() != null) {
            sip.pin(leg.sipCallId, target.pinIp(), target.pinPort(), target.transport());
        }
        return sip.sendNew(inv);
    }

    static String trunkUri(Trunk trunk, String digits) {
        return "sip:" + digits + "@" + trunk.host() + ":" + trunk.port() + ";transport=" + trunk.transport().toLowerCase(java.util.Locale.ROOT);
    }

    /** The call reached {@code number} through a carrier: an internal call that did is rated as an outbound one. */
    static void carrier(Call call, String number) {
        if (call.carrierNumber == null) {
            call.carrierNumber = number;
        }
    }
}
