package io.seatline.telephony.internal.call;

import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.CallEngine.Target;
import io.seatline.telephony.internal.media.MediaLeg;
import io.seatline.telephony.internal.media.SdpInfo;
import io.seatline.telephony.internal.sip.Sdp;
import java.time.Instant;
import java.util.Map;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * What the parties' phones ask within a call: BYE, re-INVITE (the hold key), REFER (blind and attended transfer with
 * Replaces), and the re-INVITEs Seatline sends to re-point media.
 */
final class PhoneRequests extends EnginePart {
    PhoneRequests(CallEngine engine) {
        super(engine);
    }

    void byeFrom(Leg leg) {
        Call call = leg.call;
        leg.endedAt = Instant.now();
        leg.result = leg.result == null ? "ANSWERED" : leg.result;
        engine.ending.forget(leg);
        if (call.ended()) {
            return;
        }
        if (leg == call.customer) {
            if (call.answeredAt == null && call.queue != null && call.acd.queue(call.queue) != null) {
                call.acd.queue(call.queue).on(call.acd.today()).abandoned++; // answered by Seatline (music), left before an agent took it
            }
            engine.ending.endCall(call, CallFlow.goneDisposition(call), "customer_bye", 0);
        } else if (leg.kind == Leg.Kind.SUPERVISOR || leg.kind == Leg.Kind.CONFERENCE) {
            engine.conference.partyLeft(call, leg, 0);
        } else if (leg == call.consult) {
            call.consult = null;
            engine.ending.wrapUp(call, leg);
            engine.control.restoreAfterConsult(call);
            engine.publishCall(call, "CONSULT_ENDED", Map.of());
        } else if (leg == call.peer) {
            if (call.consult != null && call.consult.confirmed) {
                // the first agent left during a consultation: that completes the transfer
                Leg target = call.consult;
                call.consult = null;
                call.peer = null;
                engine.ending.wrapUp(call, leg);
                call.transfers++;
                call.pending = target;
                engine.control.connectConfirmed(call, target);
                return;
            }
            if (leg.agentUserId != null && ivr.surveyWanted(call)) {
                // the agent is done: after-call work starts now, the caller stays for the satisfaction survey
                call.peer = null;
                call.agentUserId = null;
                engine.ending.wrapUp(call, leg);
                engine.callMedia.stopRecording(call);
                ivr.survey(call);
                return;
            }
            engine.ending.endCall(call, "ANSWERED", leg.agentUserId != null ? "agent_bye" : "remote_bye", 0);
        }
    }

    /**
     * A re-INVITE from a party (e.g. its phone's hold key). With anchored media Seatline is every party's peer, so it
     * answers itself (the direction its answer takes mirrors the offer, RFC 3264 §6.1); the agent's hold key puts the
     * call on hold like the REST action (the caller hears the queue's music) and its resume takes it off hold.
     * Without anchored media the offer is relayed to the other side and its answer relayed back.
     */
    void reinviteFrom(Leg leg, ServerTransaction st, byte[] sdp) {
        Call call = leg.call;
        Leg other = leg == call.customer ? call.peer : leg == call.peer ? call.customer : null;
        if (sdp != null) {
            engine.callMedia.gotSdp(leg, sdp);
        }
        if (leg.media != null) {
            String offered = sdp == null ? null : direction(sdp);
            // a re-INVITE without offer (a refresh) gets Seatline's current offer, sendrecv unless the party is held
            String answer = offered == null ? (leg == call.customer && isHeld(call) ? "sendonly" : "sendrecv") : complement(offered);
            sip.send(st, sip.answer(st.getRequest(), Response.OK, null, leg.media.localSdp(pt(call), answer)));
            if (offered != null && leg == call.peer && leg.agentUserId != null) {
                phoneHold(call, Sdp.isHold(sdp));
            }
            return;
        }
        if (sdp == null) {
            // a refresh without offer: answered with the other party's current SDP
            sip.send(st, sip.answer(st.getRequest(), Response.OK, null, other == null ? null : engine.callMedia.sdpFor(leg, other.sdp, "sendrecv")));
            return;
        }
        if (other == null || !other.confirmed || other.onReinviteAnswer != null) {
            // nobody to relay to yet, or an offer of ours is still pending on that side
            sip.send(st, sip.response(Response.REQUEST_PENDING, st.getRequest()));
            return;
        }
        boolean hold = Sdp.isHold(sdp);
        if (hold && call.holdStarted == null) {
            call.holdStarted = Instant.now();
            call.state = CallState.HELD;
        } else if (!hold && call.holdStarted != null) {
            engine.ending.endHold(call);
            call.state = CallState.TALKING;
        }
        reinvite(other, sdp, direction(sdp), answer -> sip.send(st, sip.answer(st.getRequest(), Response.OK, null,
                answer == null ? engine.callMedia.sdpFor(leg, other.sdp, complement(direction(sdp))) : answer)),
            status -> sip.send(st, sip.response(status >= 400 && status < 700 ? status : Response.SERVER_INTERNAL_ERROR, st.getRequest())));
    }

    /**
     * A REFER from the agent's phone (its transfer key, RFC 3515): a blind transfer to the Refer-To target — another
     * agent (by SIP user or login), a queue (by name) or a number — through the same logic as the REST action, so
     * the CDR and the screen pop are the same. The phone is told the outcome by NOTIFY (message/sipfrag) and is
     * released. Refer-To with Replaces (RFC 3891) is the phone's attended transfer: the party it consulted on a call
     * of its own takes the agent's place on this call.
     */
    void referFrom(Leg leg, ServerTransaction st, Request req) {
        Call call = leg.call;
        javax.sip.header.ReferToHeader referTo = (javax.sip.header.ReferToHeader) req.getHeader(javax.sip.header.ReferToHeader.NAME);
        if (referTo == null || !(referTo.getAddress().getURI() instanceof SipURI uri) || uri.getUser() == null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.BAD_REQUEST, req), "Refer-To must name a sip: user"));
            return;
        }
        if (call.ended() || leg != call.peer || leg.agentUserId == null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.FORBIDDEN, req), "Only the agent talking to the caller can transfer the call"));
            return;
        }
        if (uri.getHeader("Replaces") != null) {
            attendedByRefer(leg, st, req, uri.getHeader("Replaces"));
            return;
        }
        if (!(call.state == CallState.TALKING || call.state == CallState.HELD) || call.consult != null || call.pending != null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.FORBIDDEN, req), "The call cannot be transferred now (it is " + call.state + ")"));
            return;
        }
        TransferTarget target = referTarget(call.acd, uri.getUser());
        if (target == null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.NOT_FOUND, req), "No agent, queue or number " + uri.getUser()));
            return;
        }
        try {
            Target t = engine.targets.resolve(call.acd, target);
            engine.control.requireReachable(call, t);
        } catch (RuntimeException ex) {
            sip.send(st, CallEngine.phrase(sip.response(Response.FORBIDDEN, req), ex.getMessage()));
            return;
        }
        sip.send(st, sip.answer(req, Response.ACCEPTED, null, null));
        // the phone's part ends here: it is told so before Seatline releases it
        sip.notifyRefer(leg.dialog, "SIP/2.0 200 OK", true);
        try {
            engine.control.transfer(call, target);
        } catch (RuntimeException ex) {
            LOG.info("Transfer of call {} by the phone failed: {}", call.id, ex.getMessage());
        }
    }

    /**
     * Attended transfer by the agent's phone: it held this call, called another party itself (its own call through
     * Seatline, named by Replaces) and pressed transfer. That party leaves the consultation call and becomes this
     * call's peer; the agent is released from both (wrap-up), and the consultation call ends as replaced.
     */
    void attendedByRefer(Leg leg, ServerTransaction st, Request req, String replacesHeader) {
        Call call = leg.call;
        String consultCallId = percentDecode(replacesHeader).split(";", 2)[0].trim();
        if (!(call.state == CallState.TALKING || call.state == CallState.HELD) || call.consult != null || call.pending != null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.FORBIDDEN, req), "The call cannot be transferred now (it is " + call.state + ")"));
            return;
        }
        Leg own = legsBySipCallId.get(consultCallId);
        // only a call of the same tenant is looked at (and it is on this actor then)
        Call consultation = own == null || own.call.acd != call.acd ? null : own.call;
        Leg target = consultation == null ? null : consultation.peer;
        if (consultation == null || consultation == call || consultation.ended() || own != consultation.customer
            || !java.util.Objects.equals(own.agentUserId, leg.agentUserId) || target == null || !target.confirmed || target.ended()) {
            sip.send(st, CallEngine.phrase(sip.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req),
                "Replaces names no answered call of this agent's phone"));
            return;
        }
        sip.send(st, sip.answer(req, Response.ACCEPTED, null, null));
        sip.notifyRefer(leg.dialog, "SIP/2.0 200 OK", true);
        // the consulted party leaves the consultation call for this one (its dialog and media endpoint go with it)
        consultation.peer = null;
        consultation.legs.remove(target);
        if (consultation.media != null && target.media != null) {
            consultation.media.detach(target.media);
        }
        target.call = call;
        target.legNo = call.legs.size() + 1;
        if (consultation.carrierNumber != null && target.agentUserId == null) {
            Targets.carrier(call, consultation.carrierNumber); // a number the phone called moves in with its carrier leg
        }
        call.legs.add(target);
        if (call.media != null && target.media != null) {
            call.media.add(target.media);
        }
        if (target.agentUserId != null) {
            AgentRuntime b = call.acd.agents.get(target.agentUserId);
            if (b != null && consultation.id.equals(b.callId)) {
                b.callId = call.id; // still ON_CALL, now on the transferred call (and its queue's wrap-up)
                b.queue = call.queue;
            }
        }
        engine.control.handOver(call, target);
        engine.ending.endCall(consultation, "ANSWERED", "replaced", 0);
    }

    /** %XX escapes of a URI header value decoded (a '+' stays a '+': it may be part of a Call-ID); bad escapes kept. */
    static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A Refer-To user as a transfer target: an agent's SIP user or login, a queue name, or a number. */
    TransferTarget referTarget(TenantAcd acd, String user) {
        for (AgentRuntime a : acd.agents.values()) {
            if (user.equals(a.sipUser) || user.equals(a.login)) {
                return new TransferTarget(a.userId, null, null);
            }
        }
        if (acd.queue(user) != null) {
            return new TransferTarget(null, user, null);
        }
        return CallEngine.normalise(user) != null ? new TransferTarget(null, null, user) : null;
    }

    /** The agent's phone put the call on hold (its hold key) or took it off hold. */
    void phoneHold(Call call, boolean hold) {
        if (hold && call.state == CallState.TALKING) {
            call.holdStarted = Instant.now();
            call.state = CallState.HELD;
            call.heldByPhone = true;
            engine.publishCall(call, "HELD", Map.of("by", "phone"));
        } else if (!hold && call.state == CallState.HELD && call.heldByPhone) {
            // only the phone's own hold: a sendrecv refresh from the phone does not undo a hold from the console
            call.heldByPhone = false;
            engine.ending.endHold(call);
            call.state = CallState.TALKING;
            engine.publishCall(call, "RESUMED", Map.of("by", "phone"));
        }
    }

    static boolean isHeld(Call call) {
        return call.state == CallState.HELD || call.state == CallState.CONSULTING;
    }

    /** The direction attribute of an SDP body (sendrecv when none is given). */
    static String direction(byte[] sdp) {
        SdpInfo p = SdpInfo.parse(sdp);
        return p == null ? "sendrecv" : p.direction();
    }

    /** The direction an answer takes to an offer of {@code offered} (RFC 3264 §6.1). */
    static String complement(String offered) {
        return switch (offered == null ? "sendrecv" : offered) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            case "inactive" -> "inactive";
            default -> "sendrecv";
        };
    }

    /** The G.711 law the call's customer speaks (Seatline offers it first to other parties), or -1. */
    static int pt(Call call) {
        MediaLeg c = call.customer == null ? null : call.customer.media;
        return c == null ? -1 : c.pt();
    }

    void reinvite(Leg leg, byte[] sdp, String direction, java.util.function.Consumer<byte[]> onAnswer) {
        reinvite(leg, sdp, direction, onAnswer, null);
    }

    /**
     * Sends a re-INVITE on {@code leg}. One offer at a time per leg (RFC 3261 14.1): while one is pending, the newer
     * one waits and is sent when the first is answered, so the last state asked for is the one the party ends in.
     * {@code direction} is what the call's state asks of this party now (never the direction of an SDP stored earlier:
     * a party that answered a hold with recvonly must not be offered recvonly again when it is connected).
     */
    void reinvite(Leg leg, byte[] sdp, String direction, java.util.function.Consumer<byte[]> onAnswer,
                          java.util.function.IntConsumer onFailure) {
        if (leg.dialog == null || leg.ended()) {
            if (onFailure != null) {
                onFailure.accept(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
            return;
        }
        if (leg.onReinviteAnswer != null) {
            java.util.function.Consumer<byte[]> first = leg.onReinviteAnswer;
            java.util.function.IntConsumer firstFailed = leg.onReinviteFailed;
            leg.onReinviteAnswer = answer -> {
                first.accept(answer);
                reinvite(leg, sdp, direction, onAnswer, onFailure);
            };
            leg.onReinviteFailed = status -> {
                if (firstFailed != null) {
                    firstFailed.accept(status);
                }
                reinvite(leg, sdp, direction, onAnswer, onFailure);
            };
            return;
        }
        leg.onReinviteAnswer = onAnswer == null ? a -> { } : onAnswer;
        leg.onReinviteFailed = onFailure;
        if (sip.sendInDialog(leg.dialog, Request.INVITE, engine.callMedia.sdpFor(leg, sdp, direction)) == null) {
            LOG.debug("re-INVITE on call {} not sent", leg.call.id);
            reinviteFailed(leg, Response.SERVER_INTERNAL_ERROR);
        }
    }

    void reinviteFailed(Leg leg, int status) {
        java.util.function.IntConsumer failed = leg.onReinviteFailed;
        leg.onReinviteAnswer = null;
        leg.onReinviteFailed = null;
        if (failed != null) {
            failed.accept(status);
        }
    }
}
