package io.seatline.telephony.internal.call;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.Did;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.Ids;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.CallEngine.Target;
import io.seatline.telephony.internal.media.MediaLeg;
import io.seatline.telephony.internal.media.SdpInfo;
import io.seatline.telephony.internal.sip.Registrar;
import io.seatline.telephony.internal.sip.SipServer;
import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Turns SIP requests, responses and timeouts into work on the caller's tenant actor: a DID call enters its queue, a
 * registered phone's call is placed, in-dialog requests reach their leg. Runs on SIP threads only to parse and hand
 * over.
 */
final class SipDispatch extends EnginePart implements SipServer.Handler {
    SipDispatch(CallEngine engine) {
        super(engine);
    }

    @Override
    public void request(RequestEvent e) {
        Request req = e.getRequest();
        String method = req.getMethod();
        switch (method) {
            case Request.REGISTER -> registrar.handle(e);
            case Request.OPTIONS -> {
                ServerTransaction st = sip.serverTx(e);
                if (st != null) {
                    sip.respond(st, Response.OK);
                }
            }
            case Request.ACK -> onAck(e);
            case Request.CANCEL -> onCancel(e);
            default -> {
                Leg leg = legOf(req);
                if (leg != null) {
                    onInDialog(e, leg);
                } else if (Request.INVITE.equals(method)) {
                    onInvite(e);
                } else {
                    ServerTransaction st = sip.serverTx(e);
                    if (st != null) {
                        sip.respond(st, Request.BYE.equals(method) ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.METHOD_NOT_ALLOWED);
                    }
                }
            }
        }
    }

    Leg legOf(javax.sip.message.Message m) {
        CallIdHeader id = (CallIdHeader) m.getHeader(CallIdHeader.NAME);
        return id == null ? null : legsBySipCallId.get(id.getCallId());
    }

    void onInvite(RequestEvent e) {
        Request req = e.getRequest();
        String number = req.getRequestURI() instanceof SipURI u ? CallEngine.normalise(u.getUser()) : null;
        Did did = number == null ? null : directory.did(number);
        // Draining for a restart of the listener: no new call, so the calls in progress can end (a trunk's SBC retries
        // elsewhere or later, as Retry-After says).
        if (engine.draining) {
            rejectedDraining.incrementAndGet();
            unavailable(req, 30, "Draining for a restart");
            return;
        }
        // Overload control: shed new calls before they cost anything, keep serving the calls we have. The queueing
        // delay that counts is that of the tenant the DID belongs to.
        // Records waiting for the database (an outage) count too: past RecordWriter.MAX_PENDING a new call is refused
        // rather than held in memory without end.
        if (callsInSetup.get() >= engine.cfg.overload_max_setup_calls() || backlog.get() >= engine.cfg.overload_max_backlog()
            || writer.pending() > io.seatline.telephony.internal.RecordWriter.MAX_PENDING
            || (did != null && acds.apply(did.tenantId()).actor.delayMillis() > engine.cfg.overload_max_delay_ms())) {
            rejectedOverload.incrementAndGet();
            unavailable(req, 2, null);
            return;
        }
        ServerTransaction st = sip.serverTx(e);
        if (st == null) {
            return;
        }
        String ip = SipServer.remoteIp(e);
        Trunk trunk = directory.trunkFor(ip, SipServer.sourcePort(e, st));
        if (trunk == null) {
            // not a carrier: an agent's phone placing a call itself (authenticated like its registration), or a stranger
            phoneCall(e, st, req, ip);
            return;
        }
        if (did == null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.NOT_FOUND, req), "Unknown number"));
            return;
        }
        byte[] offer = req.getRawContent();
        if (offer == null || offer.length == 0) {
            // a delayed offer would need the agent's offer relayed back in the ACK; trunks send offers, so refuse it clearly
            sip.send(st, CallEngine.phrase(sip.response(Response.NOT_ACCEPTABLE_HERE, req), "INVITE without SDP offer not supported"));
            return;
        }
        MediaLeg customerMedia = null;
        if (mediaEngine != null) {
            customerMedia = anchorOffer(st, req, offer, "customer");
            if (customerMedia == null) {
                return;
            }
            customerMedia.symmetric(trunk.symmetricRtp(), ip);
        }
        TenantAcd acd = acds.apply(did.tenantId());
        sip.respond(st, Response.TRYING);
        FromHeader from = (FromHeader) req.getHeader(FromHeader.NAME);
        String caller = from.getAddress().getURI() instanceof SipURI fu ? fu.getUser() : from.getAddress().getURI().toString();
        Call call = new Call(Ids.next(), acd, "INBOUND", caller, number, number);
        Leg customer = call.newLeg(Leg.Kind.CUSTOMER, caller);
        customer.inviteServerTx = st;
        customer.dialog = st.getDialog();
        customer.sdp = req.getRawContent();
        customer.sipCallId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        call.customer = customer;
        if (customerMedia != null) {
            customer.media = customerMedia;
            call.media = mediaEngine.session(call.id);
            call.media.add(customerMedia);
            customerMedia.onDigit(d -> acd.actor.execute(() -> ivr.digit(call, d)));
        }
        legsBySipCallId.put(customer.sipCallId, customer);
        callsInSetup.incrementAndGet();
        acd.actor.execute(() -> engine.flow.inbound(call, did));
    }

    /** 503 outside any transaction (it costs nothing), with Retry-After in seconds and an optional reason phrase. */
    private void unavailable(Request req, int retryAfterSeconds, String phrase) {
        Response r = sip.response(Response.SERVICE_UNAVAILABLE, req);
        try {
            r.setHeader(sip.headers.createRetryAfterHeader(retryAfterSeconds));
        } catch (javax.sip.InvalidArgumentException ex) {
            // no Retry-After
        }
        if (phrase != null) {
            r = CallEngine.phrase(r, phrase);
        }
        try {
            sip.provider.sendResponse(r);
        } catch (javax.sip.SipException ex) {
            LOG.debug("503 failed: {}", ex.toString());
        }
    }

    /**
     * A call an agent's phone places itself (it dials another agent's SIP user or login, a queue's name, or a number):
     * authenticated with a 407 digest challenge against the phone's SIP identity, anchored in the relay like every
     * call, and routed through the same logic as transfers. This is also how a phone consults before an attended
     * transfer by REFER with Replaces.
     */
    void phoneCall(RequestEvent e, ServerTransaction st, Request req, String ip) {
        boolean known = false;
        javax.sip.header.FromHeader fromHeader = (javax.sip.header.FromHeader) req.getHeader(javax.sip.header.FromHeader.NAME);
        if (fromHeader.getAddress().getURI() instanceof SipURI fu && fu.getUser() != null) {
            known = registrar.known(fu.getUser());
        }
        if (!known) {
            sip.send(st, CallEngine.phrase(sip.response(Response.FORBIDDEN, req), "Source is not an allowed trunk"));
            return;
        }
        Registrar.Account account = registrar.authorize(st, req, ip);
        if (account == null) {
            return; // challenged or refused
        }
        String dialled = req.getRequestURI() instanceof SipURI u ? u.getUser() : null;
        byte[] offer = req.getRawContent();
        if (dialled == null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.NOT_FOUND, req), "Dial an agent, a queue or a number"));
            return;
        }
        if (offer == null || offer.length == 0 || mediaEngine == null) {
            sip.send(st, CallEngine.phrase(sip.response(Response.NOT_ACCEPTABLE_HERE, req), "An SDP offer with G.711 PCMU or PCMA is required"));
            return;
        }
        TenantAcd acd = acds.apply(account.tenantId());
        MediaLeg media = anchorOffer(st, req, offer, "agent-phone");
        if (media == null) {
            return;
        }
        sip.respond(st, Response.TRYING);
        String callId = ((CallIdHeader) req.getHeader(CallIdHeader.NAME)).getCallId();
        int sourcePort = SipServer.sourcePort(e, st);
        acd.actor.execute(() -> placePhoneCall(acd, account, st, req, callId, dialled, offer, media, ip, sourcePort));
    }

    /**
     * Seatline's media endpoint for a caller's SDP offer (G.711 required), already pointed at the caller; null once the
     * INVITE got 488 (no common codec) or 503 (no media port free).
     */
    MediaLeg anchorOffer(ServerTransaction st, Request req, byte[] offer, String label) {
        SdpInfo info = SdpInfo.parse(offer);
        if (info == null || info.audioPts().isEmpty()) {
            sip.send(st, CallEngine.phrase(sip.response(Response.NOT_ACCEPTABLE_HERE, req), "No common codec: G.711 PCMU or PCMA required"));
            return null;
        }
        try {
            MediaLeg media = mediaEngine.allocate(label);
            media.remote(info);
            return media;
        } catch (io.seatline.core.UnavailableException ex) {
            sip.send(st, CallEngine.phrase(sip.response(Response.SERVICE_UNAVAILABLE, req), "No media port free"));
            return null;
        }
    }

    void placePhoneCall(TenantAcd acd, Registrar.Account account, ServerTransaction st, Request req, String sipCallId,
                                String dialled, byte[] offer, MediaLeg media, String ip, int sourcePort) {
        AgentRuntime caller = acd.agents.get(account.userId());
        TransferTarget target = engine.phoneRequests.referTarget(acd, dialled);
        Target t;
        try {
            if (caller == null || target == null) {
                throw new NotFoundException("not_found", "no agent, queue or number " + dialled);
            }
            t = engine.targets.resolve(acd, target);
            if (t.agent() != null && t.agent().userId.equals(caller.userId)) {
                throw new ValidationException("invalid_target", "an agent cannot call itself", "target");
            }
            if (t.number() != null && directory.outboundTrunk(acd.tenantId, directory.defaultCallerId(acd.tenantId)) == null) {
                throw new ConflictException("no_trunk", "no enabled trunk for outbound calls", null);
            }
        } catch (RuntimeException ex) {
            mediaEngine.release(media);
            int status = ex instanceof NotFoundException ? Response.NOT_FOUND : ex instanceof ConflictException ? Response.BUSY_HERE : Response.FORBIDDEN;
            sip.send(st, CallEngine.phrase(sip.response(status, req), ex.getMessage()));
            return;
        }
        boolean external = t.number() != null;
        String cli = external ? directory.defaultCallerId(acd.tenantId) : caller.sipUser; // a SIP user: it is the From of the INVITEs
        Call call = new Call(Ids.next(), acd, external ? "OUTBOUND" : "INTERNAL", cli, external ? t.number() : dialled,
            external ? cli : null);
        Leg phone = call.newLeg(Leg.Kind.AGENT, caller.login);
        phone.agentUserId = caller.userId;
        phone.inviteServerTx = st;
        phone.dialog = st.getDialog();
        phone.sdp = offer;
        phone.sipCallId = sipCallId;
        phone.media = media;
        media.symmetric(caller.symmetricRtp, ip);
        call.customer = phone;
        call.media = mediaEngine.session(call.id);
        call.media.add(media);
        call.queue = t.queue() != null ? t.queue().def.name() : null;
        legsBySipCallId.put(sipCallId, phone);
        if (!"udp".equals(SipServer.transportOf(req)) || sourcePort > 0 && registrar.natted(account.sipUser())) {
            sip.pin(sipCallId, ip, sourcePort, SipServer.transportOf(req));
        }
        callsInSetup.incrementAndGet();
        acd.calls.put(call.id, call);
        if (external) {
            // a call to a customer: the CDR, recording rights and wrap-up are the calling agent's
            call.assignAgent(caller);
        }
        engine.publishCall(call, "OFFERED", Map.of("by", "phone", "user.id", caller.userId));
        try {
            engine.control.requireReachable(call, t);
            if (caller.state == AgentState.READY || caller.state == AgentState.NOT_READY || caller.state == AgentState.WRAP_UP) {
                // the agent is busy with its own call (a consultation from a held call keeps the agent on that one)
                acd.transition(caller, AgentState.RESERVED, null, call.id);
                acd.transition(caller, AgentState.ON_CALL, null, call.id);
            }
            engine.targets.route(call, t, offer);
        } catch (RuntimeException ex) {
            LOG.info("Call {} placed by {}'s phone cannot reach {}: {}", call.id, caller.login, dialled, ex.getMessage());
            engine.ending.endCall(call, "FAILED", "target_unavailable", ex instanceof ConflictException ? Response.BUSY_HERE : Response.TEMPORARILY_UNAVAILABLE);
        }
    }

    void onInDialog(RequestEvent e, Leg leg) {
        ServerTransaction st = sip.serverTx(e);
        if (st == null) {
            return;
        }
        String method = e.getRequest().getMethod();
        if (Request.BYE.equals(method)) {
            sip.respond(st, Response.OK);
            leg.call.acd.actor.execute(() -> engine.phoneRequests.byeFrom(leg));
        } else if (Request.INVITE.equals(method)) {
            byte[] sdp = e.getRequest().getRawContent();
            leg.call.acd.actor.execute(() -> engine.phoneRequests.reinviteFrom(leg, st, sdp));
        } else if (Request.INFO.equals(method)) {
            sip.respond(st, Response.OK); // e.g. SIP INFO DTMF: accepted, not acted on yet
        } else if (Request.REFER.equals(method)) {
            Request refer = e.getRequest();
            leg.call.acd.actor.execute(() -> engine.phoneRequests.referFrom(leg, st, refer));
        } else if (Request.NOTIFY.equals(method)) {
            sip.respond(st, Response.OK);
        } else {
            sip.respond(st, Response.NOT_IMPLEMENTED); // UPDATE, ...: not supported in a dialog with Seatline
        }
    }

    void onAck(RequestEvent e) {
        // ACKs to our 2xx need nothing from us; the stack absorbs ACKs to error responses.
    }

    void onCancel(RequestEvent e) {
        ServerTransaction st = sip.serverTx(e);
        Leg leg = legOf(e.getRequest());
        if (st != null) {
            sip.respond(st, leg == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK);
        }
        if (leg != null && (leg.kind == Leg.Kind.CUSTOMER || leg.inviteServerTx != null)) {
            // the caller gave up: a customer, or an agent's phone that placed the call itself
            leg.call.acd.actor.execute(() -> {
                if (leg == leg.call.customer) {
                    engine.flow.customerCancelled(leg.call);
                }
            });
        }
    }

    @Override
    public void response(ResponseEvent e) {
        Response r = e.getResponse();
        Leg leg = legOf(r);
        if (leg == null) {
            return;
        }
        String method = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod();
        if (!Request.INVITE.equals(method)) {
            return;
        }
        ClientTransaction ct = e.getClientTransaction();
        Dialog dialog = e.getDialog();
        int status = r.getStatusCode();
        if (status >= 200 && status < 300 && dialog != null) {
            // ACK at once, here: a late ACK makes the peer retransmit its 2xx, and every retransmission costs the stack
            // a scan of its transaction table. An originated call's first answer is parked with an inactive answer.
            boolean initial = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber() == 1L;
            boolean park = initial && leg.kind == Leg.Kind.CUSTOMER && "OUTBOUND".equals(leg.call.direction) && ct != null
                && (ct.getRequest().getRawContent() == null || ct.getRequest().getRawContent().length == 0);
            sip.ack(dialog, r, park ? engine.callMedia.parkAnswer(leg, r.getRawContent()) : null);
        }
        leg.call.acd.actor.execute(() -> engine.flow.inviteResponse(leg, ct, dialog, r));
    }

    @Override
    public void timeout(TimeoutEvent e) {
        if (e.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = e.getClientTransaction();
        if (ct == null || !Request.INVITE.equals(ct.getRequest().getMethod())) {
            return;
        }
        Leg leg = legOf(ct.getRequest());
        if (leg != null) {
            leg.call.acd.actor.execute(() -> {
                if (leg.inviteClientTx == ct && !leg.confirmed && !leg.ended()) {
                    engine.flow.legFailed(leg, Response.REQUEST_TIMEOUT);
                } else if (leg.inviteClientTx != ct && leg.onReinviteAnswer != null) {
                    engine.phoneRequests.reinviteFailed(leg, Response.REQUEST_TIMEOUT);
                }
            });
        }
    }
}
