package io.seatline.telephony.internal.call;

import io.seatline.telephony.AgentState;
import io.seatline.telephony.Did;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.CallEngine.Reach;
import io.seatline.telephony.internal.sip.Registrar;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * An inbound call from queue to agent: enqueue with its maximum wait, offer to an agent (the phone's INVITE), ring
 * timeout, the answer that connects the customer, a failed or missed leg and the requeue.
 */
final class CallFlow extends EnginePart {
    CallFlow(CallEngine engine) {
        super(engine);
    }

    void inbound(Call call, Did did) {
        TenantAcd acd = call.acd;
        acd.calls.put(call.id, call);
        io.seatline.telephony.BlockedNumber blocked = directory.blocked(acd.tenantId, call.from);
        if (blocked != null) {
            // a blacklisted caller: refused, or told so and released; the CDR keeps the attempt
            engine.publishCall(call, "BLOCKED", Map.of("scope", blocked.scope(), "action", blocked.action()));
            if ("MESSAGE".equals(blocked.action()) && call.media != null) {
                engine.callMedia.answerSelf(call);
                ivr.playThen(call, blocked.prompt(), () -> engine.ending.endCall(call, "REJECTED", "blacklisted", 0));
                timers.schedule(() -> acd.actor.execute(() -> engine.ending.endCall(call, "REJECTED", "blacklisted", 0)), 60, TimeUnit.SECONDS);
            } else {
                engine.ending.endCall(call, "REJECTED", "blacklisted", Response.DECLINE);
            }
            return;
        }
        if (did.ivr() != null && call.media != null && store.menu(acd.tenantId, did.ivr()) != null) {
            engine.publishCall(call, "OFFERED", Map.of("ivr", did.ivr()));
            engine.callMedia.answerSelf(call);
            ivr.start(call, did.ivr());
            return;
        }
        QueueRuntime q = acd.queue(did.queue());
        engine.publishCall(call, "OFFERED", null);
        if (q != null && q.def.holdMusic() != null && call.media != null) {
            engine.callMedia.answerSelf(call);
        }
        if (q == null) {
            engine.ending.endCall(call, "FAILED", "no_entry_point", Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        q.on(acd.today()).offered++;
        scheduleMaxWait(call, q);
        acd.enqueue(call, q, false);
        if (call.state == CallState.QUEUED) {
            engine.publishCall(call, "QUEUED", null);
        }
    }

    void scheduleMaxWait(Call call, QueueRuntime q) {
        CallEnd.cancelMaxWait(call);
        int maxWait = q.def.maxWaitSeconds();
        if (maxWait > 0) {
            call.maxWaitTimer = timers.schedule(() -> call.acd.actor.execute(() -> maxWaitReached(call, q.def.name())), maxWait, TimeUnit.SECONDS);
        }
    }

    void maxWaitReached(Call call, String queueName) {
        if (call.ended() || call.answeredAt != null || !queueName.equals(call.queue)) {
            return;
        }
        if (call.state != CallState.QUEUED) {
            // an agent's phone rings now: if it is not answered, the limit still holds when the call is back in line
            call.maxWaitTimer = timers.schedule(() -> call.acd.actor.execute(() -> maxWaitReached(call, queueName)), 1, TimeUnit.SECONDS);
            return;
        }
        QueueRuntime from = call.acd.queue(queueName);
        QueueRuntime overflow = from == null ? null : call.acd.queue(from.def.overflowQueue());
        call.acd.removeWaiting(call);
        if (overflow != null) {
            engine.publishCall(call, "OVERFLOWED", Map.of("to", overflow.def.name()));
            overflow.on(call.acd.today()).offered++;
            scheduleMaxWait(call, overflow);
            call.acd.enqueue(call, overflow, true);
            return;
        }
        engine.ending.endCall(call, "MAX_WAIT", "max_wait", Response.TEMPORARILY_UNAVAILABLE);
    }

    /** Where an agent's phone is rung: its static contact, else its registration (null: unreachable). */
    Reach reachOf(AgentRuntime agent) {
        if (agent.staticContact != null) {
            String host = null;
            int transportAt = agent.staticContact.toLowerCase(java.util.Locale.ROOT).indexOf(";transport=");
            String transport = transportAt < 0 ? "udp" : agent.staticContact.substring(transportAt + 11).split("[;>?]")[0];
            try {
                javax.sip.address.URI u = sip.addresses.createURI(agent.staticContact);
                host = u instanceof SipURI su ? su.getHost() : null;
            } catch (java.text.ParseException e) {
                host = null;
            }
            return new Reach(agent.staticContact, transport, null, 0, agent.symmetricRtp, host);
        }
        Registrar.Binding b = registrar.binding(agent.sipUser);
        if (b == null) {
            return null;
        }
        return new Reach(b.contact(), b.transport(), b.viaSource() ? b.sourceIp() : null, b.sourcePort(), agent.symmetricRtp, b.sourceIp());
    }

    static Reach trunkReach(Trunk trunk, String digits) {
        return new Reach(Targets.trunkUri(trunk, digits), trunk.transport(), null, 0, trunk.symmetricRtp(), trunk.host());
    }

    /** How a call ends when its caller goes: answered by an agent, handled by the IVR alone, or abandoned. */
    static String goneDisposition(Call call) {
        return call.answeredAt != null ? "ANSWERED" : call.queue == null && call.selfAnswered ? "IVR" : "ABANDONED";
    }

    /** Hook: the ACD reserved {@code agent} for {@code call}; ring its phone. */
    void offer(Call call, AgentRuntime agent) {
        Reach contact = reachOf(agent);
        if (contact == null) {
            call.acd.transition(agent, AgentState.NOT_READY, "unregistered", null);
            requeue(call);
            return;
        }
        Leg leg = call.newLeg(Leg.Kind.AGENT, agent.login);
        leg.agentUserId = agent.userId;
        // anchored media: the agent is offered Seatline's endpoint even when the customer's SDP is not known yet
        byte[] sdp = call.media != null && call.customer.sdp == null ? new byte[0] : call.customer.sdp;
        try {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            if (agent.autoAnswer) {
                headers.put("Call-Info", "<sip:" + sip.host + ">;answer-after=0");
            }
            if (call.queue != null) {
                headers.put("X-Seatline-Queue", call.queue);
            }
            call.pending = leg;
            call.state = CallState.RINGING;
            leg.inviteClientTx = engine.targets.sendInvite(call, leg, call.from == null ? "anonymous" : call.from, contact, sdp, headers);
            if (leg.inviteClientTx == null) {
                legFailed(leg, Response.SERVICE_UNAVAILABLE);
                return;
            }
        } catch (Exception ex) {
            LOG.warn("Cannot ring agent {} at {}: {}", agent.login, contact.uri(), ex.toString());
            legFailed(leg, Response.SERVER_INTERNAL_ERROR);
            return;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        int ring = q == null ? 15 : q.def.ringTimeoutSeconds();
        call.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> ringTimeout(leg)), ring, TimeUnit.SECONDS);
        engine.publishCall(call, "RINGING", Map.of("user.id", agent.userId, "agent", agent.login));
    }

    void ringTimeout(Leg leg) {
        if (leg.confirmed || leg.ended()) {
            return;
        }
        leg.cancelled = true;
        if (leg.inviteClientTx != null) {
            sip.cancel(leg.inviteClientTx);
        }
        legFailed(leg, Response.REQUEST_TIMEOUT);
    }

    void inviteResponse(Leg leg, ClientTransaction ct, Dialog dialog, Response r) {
        Call call = leg.call;
        int status = r.getStatusCode();
        boolean initial = ct == null || leg.inviteClientTx == ct;
        if (!initial) {
            // answer to a re-INVITE we sent (already ACKed in engine.sipDispatch.response())
            if (status >= 200 && status < 300) {
                byte[] sdp = r.getRawContent();
                if (sdp != null) {
                    engine.callMedia.gotSdp(leg, sdp);
                }
                if (leg.onReinviteAnswer != null) {
                    java.util.function.Consumer<byte[]> then = leg.onReinviteAnswer;
                    leg.onReinviteAnswer = null;
                    leg.onReinviteFailed = null;
                    then.accept(sdp);
                }
            } else if (status >= 300) {
                LOG.debug("re-INVITE of call {} refused with {}", call.id, status);
                engine.phoneRequests.reinviteFailed(leg, status);
            }
            return;
        }
        if (status < 200) {
            if (status == Response.RINGING && leg == call.pending && !call.customer.confirmed && call.customer.inviteServerTx != null) {
                sip.send(call.customer.inviteServerTx, sip.response(Response.RINGING, call.customer.inviteServerTx.getRequest()));
            }
            return;
        }
        if (status >= 300) {
            if (!leg.ended()) {
                legFailed(leg, status);
            }
            return;
        }
        // 2xx (already ACKed in engine.sipDispatch.response())
        leg.dialog = dialog;
        if (leg.confirmed) {
            return; // retransmitted 2xx
        }
        byte[] sdp = r.getRawContent();
        if (leg.cancelled || leg.ended() || call.ended()) {
            // answered after we gave up on it: end the dialog
            sip.sendInDialog(dialog, Request.BYE, null);
            return;
        }
        leg.confirmed = true;
        leg.answeredAt = Instant.now();
        leg.sipStatus = status;
        leg.result = "ANSWERED";
        if (leg.ringTimer != null) {
            leg.ringTimer.cancel(false);
        }
        if (leg == call.customer) {
            // outbound: the called party answered with its offer (parked inactive) until a party is connected
            engine.callMedia.gotSdp(leg, sdp);
            engine.control.customerAnswered(call);
            return;
        }
        engine.callMedia.gotSdp(leg, sdp);
        if (leg == call.consult) {
            engine.control.consultAnswered(call, leg);
        } else if (leg.kind == Leg.Kind.SUPERVISOR || leg.kind == Leg.Kind.CONFERENCE) {
            engine.conference.partyAnswered(call, leg);
        } else if (leg == call.pending) {
            connect(call, leg);
        } else {
            sip.sendInDialog(dialog, Request.BYE, null);
        }
    }

    /** The pending party answered: it becomes the customer's peer. */
    void connect(Call call, Leg leg) {
        engine.ending.cancelRingTimer(call);
        call.pending = null;
        call.peer = leg;
        call.state = CallState.TALKING;
        Instant now = Instant.now();
        if (call.answeredAt == null) {
            call.answeredAt = now;
            QueueRuntime q = call.acd.queue(call.queue);
            if (q != null) {
                q.on(call.acd.today()).answered++;
                if (call.enqueuedAt != null && Duration.between(call.enqueuedAt, now).toSeconds() < q.def.serviceLevelSeconds()) {
                    q.answeredWithinSl++;
                }
            }
        }
        CallEnd.cancelMaxWait(call);
        if (leg.agentUserId != null) {
            AgentRuntime agent = call.acd.agents.get(leg.agentUserId);
            if (agent != null) {
                call.assignAgent(agent);
                agent.queue = call.queue;
                if (agent.state == AgentState.RESERVED && call.id.equals(agent.callId)) {
                    call.acd.transition(agent, AgentState.ON_CALL, null, call.id);
                }
            }
        }
        engine.ending.endHold(call);
        Leg customer = call.customer;
        if (!customer.confirmed) {
            engine.callMedia.answerCustomer(customer, engine.callMedia.sdpFor(customer, leg.sdp, "sendrecv"), now);
        } else if (call.selfAnswered) {
            call.selfAnswered = false; // the caller already talks to Seatline's endpoint: nothing changes for it
        } else {
            engine.phoneRequests.reinvite(customer, leg.sdp, "sendrecv", null);
        }
        engine.publishCall(call, "ANSWERED", leg.agentUserId == null ? Map.of("party", leg.party) : Map.of("user.id", leg.agentUserId, "agent", leg.party));
    }

    /** A leg that was ringing failed (no answer, busy, timeout, unreachable). */
    void legFailed(Leg leg, int status) {
        Call call = leg.call;
        leg.endedAt = Instant.now();
        leg.sipStatus = status;
        leg.result = leg.cancelled || status == Response.REQUEST_TIMEOUT ? "NO_ANSWER" : status == Response.BUSY_HERE || status == Response.DECLINE ? "REJECTED" : "FAILED";
        if (leg.ringTimer != null) {
            leg.ringTimer.cancel(false);
        }
        // the leg stays mapped until the call's CDR is written: a 200 OK crossing our CANCEL must still find it (and get a BYE)
        if (call.ended()) {
            return;
        }
        if (leg == call.customer) {
            // outbound call not answered
            engine.ending.cancelRingTimer(call);
            String disposition = status == Response.BUSY_HERE || status == 600 ? "BUSY" : status == Response.REQUEST_TIMEOUT || status == Response.TEMPORARILY_UNAVAILABLE || status == Response.REQUEST_TERMINATED ? "NO_ANSWER" : "FAILED";
            engine.ending.endCall(call, disposition, "remote_" + status, 0);
            return;
        }
        if (leg == call.consult) {
            call.consult = null;
            releaseAgentAfterMiss(call, leg);
            engine.control.restoreAfterConsult(call);
            engine.publishCall(call, "CONSULT_FAILED", Map.of("status", status));
            return;
        }
        if (leg.kind == Leg.Kind.SUPERVISOR || leg.kind == Leg.Kind.CONFERENCE) {
            engine.conference.partyLeft(call, leg, status);
            return;
        }
        if (leg != call.pending) {
            return;
        }
        engine.ending.cancelRingTimer(call);
        call.pending = null;
        releaseAgentAfterMiss(call, leg);
        if (call.peer == null && call.customer.confirmed && call.queue == null) {
            // a direct transfer or an originated call whose agent or number did not answer: nobody to go back to
            engine.ending.endCall(call, "ANSWERED", "target_unavailable", 0);
            return;
        }
        engine.publishCall(call, "MISSED", leg.agentUserId == null ? Map.of("party", leg.party, "status", status) : Map.of("user.id", leg.agentUserId, "status", status));
        requeue(call);
    }

    void releaseAgentAfterMiss(Call call, Leg leg) {
        if (leg.agentUserId == null) {
            return;
        }
        AgentRuntime agent = call.acd.agents.get(leg.agentUserId);
        if (agent != null && agent.state == AgentState.RESERVED && call.id.equals(agent.callId)) {
            call.acd.transition(agent, AgentState.NOT_READY, "missed", null);
        }
    }

    /** Back in line at its original position; with no queue (a direct transfer that failed) the call ends. */
    void requeue(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        if (q == null) {
            engine.ending.endCall(call, call.answeredAt == null ? "NO_ANSWER" : "ANSWERED", "target_unavailable", Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        call.acd.enqueue(call, q, true);
        if (call.state == CallState.QUEUED) {
            engine.publishCall(call, "QUEUED", Map.of("requeued", true));
        }
    }

    void customerCancelled(Call call) {
        if (call.ended() || call.customer.confirmed) {
            return;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        if (q != null) {
            q.on(call.acd.today()).abandoned++;
        }
        call.customer.result = "CANCELLED";
        engine.ending.endCall(call, "ABANDONED", "caller_cancel", Response.REQUEST_TERMINATED);
    }
}
