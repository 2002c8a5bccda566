package io.seatline.telephony.internal.call;

import io.seatline.telephony.AgentState;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.entity.CdrEntity;
import io.seatline.telephony.internal.entity.CdrLegEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;

/**
 * Ending a call: its timers, ringing legs and hold, the CDR written once, the agents released to wrap-up (or to
 * another call they still hold), and a node or tenant shutting down.
 */
public final class CallEnd extends EnginePart {
    CallEnd(CallEngine engine) {
        super(engine);
    }

    void cancelRingTimer(Call call) {
        if (call.ringTimer != null) {
            call.ringTimer.cancel(false);
            call.ringTimer = null;
        }
    }

    static void cancelMaxWait(Call call) {
        if (call.maxWaitTimer != null) {
            call.maxWaitTimer.cancel(false);
            call.maxWaitTimer = null;
        }
    }

    /** Gives up on a leg that is still ringing: CANCEL (a 200 OK crossing it gets a BYE), ended now as CANCELLED. */
    void cancelRinging(Leg leg) {
        leg.cancelled = true;
        if (leg.inviteClientTx != null) {
            sip.cancel(leg.inviteClientTx);
        }
        leg.endedAt = Instant.now();
        leg.result = "CANCELLED";
    }

    void endHold(Call call) {
        if (call.holdStarted != null) {
            call.holdMs += Duration.between(call.holdStarted, Instant.now()).toMillis();
            call.holdStarted = null;
        }
    }

    /**
     * Ends the call: every other leg is released (BYE, CANCEL or a final response), the agent goes to wrap-up,
     * and the CDR is written; the call's resources are released only once the CDR is committed.
     */
    public void endCall(Call call, String disposition, String cause, int customerStatus) {
        if (call.ended()) {
            return;
        }
        Instant now = Instant.now();
        call.endedAt = now;
        call.disposition = disposition;
        call.hangupCause = cause;
        call.state = CallState.ENDED;
        endHold(call);
        cancelRingTimer(call);
        cancelMaxWait(call);
        if (call.connectTimer != null) {
            call.connectTimer.cancel(false);
        }
        call.acd.removeWaiting(call);
        ivr.cancel(call);
        if (call.announceTimer != null) {
            call.announceTimer.cancel(false);
        }
        io.seatline.telephony.internal.entity.RecordingEntity recording = engine.callMedia.stopRecording(call);
        if (call.media != null) {
            call.media.close();
        }
        Leg customer = call.customer;
        if (!customer.confirmed && customer.inviteServerTx != null) {
            if (!customer.ended()) {
                sip.respond(customer.inviteServerTx, customerStatus == 0 ? Response.TEMPORARILY_UNAVAILABLE : customerStatus);
            }
            customer.sipStatus = customerStatus;
            if (customer.result == null) {
                customer.result = "FAILED";
            }
            callsInSetup.decrementAndGet();
        }
        for (Leg leg : call.legs) {
            engine.conference.hangupLeg(leg);
        }
        for (Leg leg : call.legs) {
            if (leg.agentUserId == null) {
                continue;
            }
            AgentRuntime agent = call.acd.agents.get(leg.agentUserId);
            if (agent == null || !call.id.equals(agent.callId)) {
                continue;
            }
            Call other = agent.state == AgentState.ON_CALL ? otherLiveCall(call, agent.userId) : null;
            if (other != null) {
                // the agent is still talking on another call (one its phone placed while this one was on hold): it
                // stays ON_CALL with that one, and wraps up when that one ends
                agent.callId = other.id;
            } else if (agent.state == AgentState.ON_CALL) {
                wrapUp(call, leg);
            } else if (agent.state == AgentState.RESERVED) {
                // the caller left while the agent's phone rang
                call.acd.transition(agent, AgentState.READY, null, null);
            }
        }
        engine.publishCall(call, "ENDED", Map.of("disposition", disposition, "cause", cause));
        CdrEntity cdr = Cdrs.cdr(call);
        if (recording != null) {
            cdr.recordingId = recording.id;
            writer.submit(em -> em.persist(recording), null);
        } else if (call.recordingId != null) {
            cdr.recordingId = call.recordingId;
        }
        java.util.List<CdrLegEntity> legs = call.legs.stream().map(l -> Cdrs.leg(call, l)).toList();
        writer.submitCdr(call.id, em -> {
            em.persist(cdr);
            legs.forEach(em::persist);
            engine.journal.close(call);
        }, () -> {
            // billing rates each CDR once it is committed
            events.publish(call.acd.tenantId, TelephonyEvents.CDR_WRITTEN, Map.of("call.id", call.id));
            call.acd.actor.execute(() -> release(call));
        });
    }

    /** Another call of the tenant on which {@code agentUserId} still has a leg up, or null. */
    static Call otherLiveCall(Call call, String agentUserId) {
        for (Call c : call.acd.calls.values()) {
            if (c != call && !c.ended() && c.legs.stream().anyMatch(l -> agentUserId.equals(l.agentUserId) && !l.ended() && l.confirmed)) {
                return c;
            }
        }
        return null;
    }

    /** Ends every call of the tenant (node stopping); their CDRs are queued for the writer. */
    public void endAll(TenantAcd acd, String cause) {
        for (Call call : new java.util.ArrayList<>(acd.calls.values())) {
            if (!call.ended()) {
                endCall(call, call.answeredAt != null ? "ANSWERED" : "FAILED", cause, Response.SERVICE_UNAVAILABLE);
            }
        }
    }

    /** After the CDR is committed: forget the call. */
    void release(Call call) {
        call.acd.calls.remove(call.id);
        call.legs.forEach(this::forget);
    }

    void forget(Leg leg) {
        if (leg.sipCallId != null && legsBySipCallId.remove(leg.sipCallId, leg)) {
            sip.unpin(leg.sipCallId);
        }
    }

    /** The agent of {@code leg} finished talking: after-call work, then READY (timer or manual). */
    void wrapUp(Call call, Leg leg) {
        AgentRuntime agent = leg.agentUserId == null ? null : call.acd.agents.get(leg.agentUserId);
        if (agent == null || agent.state != AgentState.ON_CALL) {
            return;
        }
        agent.callsHandled++;
        agent.wrapUpStarted = Instant.now();
        agent.wrapUpCallId = call.id;
        call.acd.transition(agent, AgentState.WRAP_UP, null, call.id);
        if (agent.logoutAfterCall) {
            agent.logoutAfterCall = false;
            agent.seatId = null;
            call.acd.transition(agent, AgentState.LOGGED_OUT, null, null);
            return;
        }
        QueueRuntime q = call.acd.queue(agent.queue);
        int seconds = q == null ? 0 : q.def.wrapUpSeconds();
        if (seconds <= 0) {
            call.acd.transition(agent, AgentState.READY, null, null);
        } else {
            agent.wrapUpTimer = timers.schedule(() -> call.acd.actor.execute(() -> {
                if (agent.state == AgentState.WRAP_UP && call.id.equals(agent.wrapUpCallId)) {
                    call.acd.transition(agent, AgentState.READY, null, null);
                }
            }), seconds, TimeUnit.SECONDS);
        }
    }
}
