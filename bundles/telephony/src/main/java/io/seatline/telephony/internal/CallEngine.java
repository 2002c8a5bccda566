// Longer than ~600 lines: CallEngine is one class because every method runs on a tenant's ACD actor and shares the
// call, leg and dialog maps without locks; it is organised by its section banners (SIP dispatch, offer/ring/requeue,
// call control, media and recording, supervision and conference, dialing, CDR mapping). Splitting it into
// sip/acd/call/media packages along those banners is the open part of the architecture issue (19).
package io.seatline.telephony.internal;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.spi.RoutingStrategy;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.Did;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.internal.entity.AgentStateLogEntity;
import io.seatline.telephony.internal.entity.CdrEntity;
import io.seatline.telephony.internal.entity.CdrLegEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import io.seatline.telephony.internal.media.MediaLeg;
import io.seatline.telephony.internal.media.MediaSession;
import io.seatline.telephony.internal.media.SdpInfo;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA: a customer's INVITE to a DID enters the tenant's queue; the ACD offers it to an agent, whose phone
 * gets its own INVITE carrying the customer's SDP (media flows end to end); the agent's answer becomes the
 * customer's 200 OK. Transfers, hold and origination re-point the customer's media with re-INVITEs. All work of
 * one tenant runs on that tenant's {@link Actor}; SIP threads only parse, look up the call and hand over.
 */
final class CallEngine implements SipServer.Handler, TenantAcd.Hooks {
    /** What the engine needs to know about trunks, DIDs and plug-ins. */
    interface Directory {
        /** The enabled trunk that may send from this address, or null. */
        Trunk trunkFor(String ip, int port);

        Did did(String number);

        /** The trunk outbound calls of {@code tenant} with caller id {@code callerId} leave through. */
        Trunk outboundTrunk(String tenant, String callerId);

        /** The tenant's default caller id (its first DID), or null. */
        String defaultCallerId(String tenant);

        boolean ownsDid(String tenant, String number);

        RoutingStrategy plugin(String tenantId, String name);

        /** The blacklist entry that stops {@code caller} calling the tenant, or null. */
        io.seatline.telephony.BlockedNumber blocked(String tenantId, String caller);
    }

    /** Publishes events to EventAdmin and the realtime channel. */
    interface Events {
        void publish(String tenantId, String topic, Map<String, Object> props);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);

    private final SipServer sip;
    private final Registrar registrar;
    private final Directory directory;
    private final RecordWriter writer;
    private final Events events;
    private final ScheduledExecutorService timers;
    private final Function<String, TenantAcd> acds;
    /** live settings: replaced by {@link #reconfigure} (etc/seatline.telephony.cfg edited), read per call */
    private volatile TelephonyConfig cfg;
    private final Map<String, Leg> legsBySipCallId = new ConcurrentHashMap<>();
    final AtomicInteger callsInSetup = new AtomicInteger();
    final AtomicLong rejectedOverload = new AtomicLong();
    private final AtomicInteger backlog;
    /** the RTP relay (null: media is not anchored, SDP passes through) */
    final io.seatline.telephony.internal.media.MediaEngine mediaEngine;
    final MediaStore store;
    final IvrRunner ivr;

    CallEngine(SipServer sip, Registrar registrar, Directory directory, RecordWriter writer, Events events,
               ScheduledExecutorService timers, Function<String, TenantAcd> acds, TelephonyConfig cfg, AtomicInteger backlog,
               io.seatline.telephony.internal.media.MediaEngine mediaEngine, MediaStore store) {
        this.mediaEngine = mediaEngine;
        this.store = store;
        this.ivr = new IvrRunner(this, store, timers);
        this.sip = sip;
        this.registrar = registrar;
        this.directory = directory;
        this.writer = writer;
        this.events = events;
        this.timers = timers;
        this.acds = acds;
        this.cfg = cfg;
        this.backlog = backlog;
    }

    /** Settings edited while running: overload limits and ring timeouts apply from the next call on; calls in progress keep going. */
    void reconfigure(TelephonyConfig c) {
        this.cfg = c;
    }

    int activeLegs() {
        return legsBySipCallId.size();
    }

    // =================================================================== SIP events (SIP threads)

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

    private Leg legOf(javax.sip.message.Message m) {
        CallIdHeader id = (CallIdHeader) m.getHeader(CallIdHeader.NAME);
        return id == null ? null : legsBySipCallId.get(id.getCallId());
    }

    private void onInvite(RequestEvent e) {
        Request req = e.getRequest();
        String number = req.getRequestURI() instanceof SipURI u ? normalise(u.getUser()) : null;
        Did did = number == null ? null : directory.did(number);
        // Overload control: shed new calls before they cost anything, keep serving the calls we have. The queueing
        // delay that counts is that of the tenant the DID belongs to.
        if (callsInSetup.get() >= cfg.overload_max_setup_calls() || backlog.get() >= cfg.overload_max_backlog()
            || (did != null && acds.apply(did.tenantId()).actor.delayMillis() > cfg.overload_max_delay_ms())) {
            rejectedOverload.incrementAndGet();
            Response r = sip.response(Response.SERVICE_UNAVAILABLE, req);
            try {
                r.setHeader(sip.headers.createRetryAfterHeader(2));
            } catch (javax.sip.InvalidArgumentException ex) {
                // no Retry-After
            }
            try {
                sip.provider.sendResponse(r);
            } catch (javax.sip.SipException ex) {
                LOG.debug("503 failed: {}", ex.toString());
            }
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
            sip.send(st, phrase(sip.response(Response.NOT_FOUND, req), "Unknown number"));
            return;
        }
        byte[] offer = req.getRawContent();
        if (offer == null || offer.length == 0) {
            // a delayed offer would need the agent's offer relayed back in the ACK; trunks send offers, so refuse it clearly
            sip.send(st, phrase(sip.response(Response.NOT_ACCEPTABLE_HERE, req), "INVITE without SDP offer not supported"));
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
        acd.actor.execute(() -> inbound(call, did));
    }

    /**
     * A call an agent's phone places itself (it dials another agent's SIP user or login, a queue's name, or a number):
     * authenticated with a 407 digest challenge against the phone's SIP identity, anchored in the relay like every
     * call, and routed through the same logic as transfers. This is also how a phone consults before an attended
     * transfer by REFER with Replaces.
     */
    private void phoneCall(RequestEvent e, ServerTransaction st, Request req, String ip) {
        boolean known = false;
        javax.sip.header.FromHeader fromHeader = (javax.sip.header.FromHeader) req.getHeader(javax.sip.header.FromHeader.NAME);
        if (fromHeader.getAddress().getURI() instanceof SipURI fu && fu.getUser() != null) {
            known = registrar.known(fu.getUser());
        }
        if (!known) {
            sip.send(st, phrase(sip.response(Response.FORBIDDEN, req), "Source is not an allowed trunk"));
            return;
        }
        Registrar.Account account = registrar.authorize(st, req, ip);
        if (account == null) {
            return; // challenged or refused
        }
        String dialled = req.getRequestURI() instanceof SipURI u ? u.getUser() : null;
        byte[] offer = req.getRawContent();
        if (dialled == null) {
            sip.send(st, phrase(sip.response(Response.NOT_FOUND, req), "Dial an agent, a queue or a number"));
            return;
        }
        if (offer == null || offer.length == 0 || mediaEngine == null) {
            sip.send(st, phrase(sip.response(Response.NOT_ACCEPTABLE_HERE, req), "An SDP offer with G.711 PCMU or PCMA is required"));
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
    private MediaLeg anchorOffer(ServerTransaction st, Request req, byte[] offer, String label) {
        SdpInfo info = SdpInfo.parse(offer);
        if (info == null || info.audioPts().isEmpty()) {
            sip.send(st, phrase(sip.response(Response.NOT_ACCEPTABLE_HERE, req), "No common codec: G.711 PCMU or PCMA required"));
            return null;
        }
        try {
            MediaLeg media = mediaEngine.allocate(label);
            media.remote(info);
            return media;
        } catch (io.seatline.core.UnavailableException ex) {
            sip.send(st, phrase(sip.response(Response.SERVICE_UNAVAILABLE, req), "No media port free"));
            return null;
        }
    }

    private void placePhoneCall(TenantAcd acd, Registrar.Account account, ServerTransaction st, Request req, String sipCallId,
                                String dialled, byte[] offer, MediaLeg media, String ip, int sourcePort) {
        AgentRuntime caller = acd.agents.get(account.userId());
        TransferTarget target = referTarget(acd, dialled);
        Target t;
        try {
            if (caller == null || target == null) {
                throw new NotFoundException("not_found", "no agent, queue or number " + dialled);
            }
            t = resolve(acd, target);
            if (t.agent != null && t.agent.userId.equals(caller.userId)) {
                throw new ValidationException("invalid_target", "an agent cannot call itself", "target");
            }
            if (t.number != null && directory.outboundTrunk(acd.tenantId, directory.defaultCallerId(acd.tenantId)) == null) {
                throw new ConflictException("no_trunk", "no enabled trunk for outbound calls", null);
            }
        } catch (RuntimeException ex) {
            mediaEngine.release(media);
            int status = ex instanceof NotFoundException ? Response.NOT_FOUND : ex instanceof ConflictException ? Response.BUSY_HERE : Response.FORBIDDEN;
            sip.send(st, phrase(sip.response(status, req), ex.getMessage()));
            return;
        }
        boolean external = t.number != null;
        String cli = external ? directory.defaultCallerId(acd.tenantId) : caller.sipUser; // a SIP user: it is the From of the INVITEs
        Call call = new Call(Ids.next(), acd, external ? "OUTBOUND" : "INTERNAL", cli, external ? t.number : dialled,
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
        call.queue = t.queue != null ? t.queue.def.name() : null;
        legsBySipCallId.put(sipCallId, phone);
        if (!"udp".equals(SipServer.transportOf(req)) || sourcePort > 0 && registrar.natted(account.sipUser())) {
            sip.pin(sipCallId, ip, sourcePort, SipServer.transportOf(req));
        }
        callsInSetup.incrementAndGet();
        acd.calls.put(call.id, call);
        if (external) {
            // a call to a customer: the CDR, recording rights and wrap-up are the calling agent's
            call.agentUserId = caller.userId;
            call.cdrAgentUserId = caller.userId;
            call.agentLogin = caller.login;
            call.seatId = caller.seatId;
        }
        publishCall(call, "OFFERED", Map.of("by", "phone", "user.id", caller.userId));
        try {
            requireReachable(call, t);
            if (caller.state == AgentState.READY || caller.state == AgentState.NOT_READY || caller.state == AgentState.WRAP_UP) {
                // the agent is busy with its own call (a consultation from a held call keeps the agent on that one)
                acd.transition(caller, AgentState.RESERVED, null, call.id);
                acd.transition(caller, AgentState.ON_CALL, null, call.id);
            }
            route(call, t, offer);
        } catch (RuntimeException ex) {
            LOG.info("Call {} placed by {}'s phone cannot reach {}: {}", call.id, caller.login, dialled, ex.getMessage());
            endCall(call, "FAILED", "target_unavailable", ex instanceof ConflictException ? Response.BUSY_HERE : Response.TEMPORARILY_UNAVAILABLE);
        }
    }

    private void onInDialog(RequestEvent e, Leg leg) {
        ServerTransaction st = sip.serverTx(e);
        if (st == null) {
            return;
        }
        String method = e.getRequest().getMethod();
        if (Request.BYE.equals(method)) {
            sip.respond(st, Response.OK);
            leg.call.acd.actor.execute(() -> byeFrom(leg));
        } else if (Request.INVITE.equals(method)) {
            byte[] sdp = e.getRequest().getRawContent();
            leg.call.acd.actor.execute(() -> reinviteFrom(leg, st, sdp));
        } else if (Request.INFO.equals(method)) {
            sip.respond(st, Response.OK); // e.g. SIP INFO DTMF: accepted, not acted on yet
        } else if (Request.REFER.equals(method)) {
            Request refer = e.getRequest();
            leg.call.acd.actor.execute(() -> referFrom(leg, st, refer));
        } else if (Request.NOTIFY.equals(method)) {
            sip.respond(st, Response.OK);
        } else {
            sip.respond(st, Response.NOT_IMPLEMENTED); // UPDATE, ...: not supported in a dialog with Seatline
        }
    }

    private void onAck(RequestEvent e) {
        // ACKs to our 2xx need nothing from us; the stack absorbs ACKs to error responses.
    }

    private void onCancel(RequestEvent e) {
        ServerTransaction st = sip.serverTx(e);
        Leg leg = legOf(e.getRequest());
        if (st != null) {
            sip.respond(st, leg == null ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK);
        }
        if (leg != null && (leg.kind == Leg.Kind.CUSTOMER || leg.inviteServerTx != null)) {
            // the caller gave up: a customer, or an agent's phone that placed the call itself
            leg.call.acd.actor.execute(() -> {
                if (leg == leg.call.customer) {
                    customerCancelled(leg.call);
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
            sip.ack(dialog, r, park ? parkAnswer(leg, r.getRawContent()) : null);
        }
        leg.call.acd.actor.execute(() -> inviteResponse(leg, ct, dialog, r));
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
                    legFailed(leg, Response.REQUEST_TIMEOUT);
                } else if (leg.inviteClientTx != ct && leg.onReinviteAnswer != null) {
                    reinviteFailed(leg, Response.REQUEST_TIMEOUT);
                }
            });
        }
    }

    // =================================================================== call flow (tenant actor)

    private void inbound(Call call, Did did) {
        TenantAcd acd = call.acd;
        acd.calls.put(call.id, call);
        io.seatline.telephony.BlockedNumber blocked = directory.blocked(acd.tenantId, call.from);
        if (blocked != null) {
            // a blacklisted caller: refused, or told so and released; the CDR keeps the attempt
            publishCall(call, "BLOCKED", Map.of("scope", blocked.scope(), "action", blocked.action()));
            if ("MESSAGE".equals(blocked.action()) && call.media != null) {
                answerSelf(call);
                ivr.playThen(call, blocked.prompt(), () -> endCall(call, "REJECTED", "blacklisted", 0));
                timers.schedule(() -> acd.actor.execute(() -> endCall(call, "REJECTED", "blacklisted", 0)), 60, TimeUnit.SECONDS);
            } else {
                endCall(call, "REJECTED", "blacklisted", Response.DECLINE);
            }
            return;
        }
        if (did.ivr() != null && call.media != null && store.menu(acd.tenantId, did.ivr()) != null) {
            publishCall(call, "OFFERED", Map.of("ivr", did.ivr()));
            answerSelf(call);
            ivr.start(call, did.ivr());
            return;
        }
        QueueRuntime q = acd.queue(did.queue());
        publishCall(call, "OFFERED", null);
        if (q != null && q.def.holdMusic() != null && call.media != null) {
            answerSelf(call);
        }
        if (q == null) {
            endCall(call, "FAILED", "no_entry_point", Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        q.offered++;
        scheduleMaxWait(call, q);
        acd.enqueue(call, q, false);
        if (call.state == CallState.QUEUED) {
            publishCall(call, "QUEUED", null);
        }
    }

    private void scheduleMaxWait(Call call, QueueRuntime q) {
        cancelMaxWait(call);
        int maxWait = q.def.maxWaitSeconds();
        if (maxWait > 0) {
            call.maxWaitTimer = timers.schedule(() -> call.acd.actor.execute(() -> maxWaitReached(call, q.def.name())), maxWait, TimeUnit.SECONDS);
        }
    }

    private void maxWaitReached(Call call, String queueName) {
        if (call.ended() || call.answeredAt != null || !queueName.equals(call.queue)) {
            return;
        }
        if (!call.state == CallState.QUEUED) {
            // an agent's phone rings now: if it is not answered, the limit still holds when the call is back in line
            call.maxWaitTimer = timers.schedule(() -> call.acd.actor.execute(() -> maxWaitReached(call, queueName)), 1, TimeUnit.SECONDS);
            return;
        }
        QueueRuntime from = call.acd.queue(queueName);
        QueueRuntime overflow = from == null ? null : call.acd.queue(from.def.overflowQueue());
        call.acd.removeWaiting(call);
        if (overflow != null) {
            publishCall(call, "OVERFLOWED", Map.of("to", overflow.def.name()));
            overflow.offered++;
            scheduleMaxWait(call, overflow);
            call.acd.enqueue(call, overflow, true);
            return;
        }
        endCall(call, "MAX_WAIT", "max_wait", Response.TEMPORARILY_UNAVAILABLE);
    }

    /**
     * Where a party is called: the URI of the INVITE, the transport, the address requests of its dialog are pinned to
     * (a registered phone behind NAT or on TCP: where it registered from), and its RTP mode (symmetric RTP latches on
     * the signalling address too).
     */
    record Reach(String uri, String transport, String pinIp, int pinPort, boolean symmetricRtp, String signallingIp) {
    }

    /** Where an agent's phone is rung: its static contact, else its registration (null: unreachable). */
    private Reach reachOf(AgentRuntime agent) {
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

    private static Reach trunkReach(Trunk trunk, String digits) {
        return new Reach(trunkUri(trunk, digits), trunk.transport(), null, 0, trunk.symmetricRtp(), trunk.host());
    }

    /** How a call ends when its caller goes: answered by an agent, handled by the IVR alone, or abandoned. */
    private static String goneDisposition(Call call) {
        return call.answeredAt != null ? "ANSWERED" : call.queue == null && call.selfAnswered ? "IVR" : "ABANDONED";
    }

    /** Hook: the ACD reserved {@code agent} for {@code call}; ring its phone. */
    @Override
    public void offer(Call call, AgentRuntime agent) {
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
            leg.inviteClientTx = sendInvite(call, leg, call.from == null ? "anonymous" : call.from, contact, sdp, headers);
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
        publishCall(call, "RINGING", Map.of("user.id", agent.userId, "agent", agent.login));
    }

    private void ringTimeout(Leg leg) {
        if (leg.confirmed || leg.ended()) {
            return;
        }
        leg.cancelled = true;
        if (leg.inviteClientTx != null) {
            sip.cancel(leg.inviteClientTx);
        }
        legFailed(leg, Response.REQUEST_TIMEOUT);
    }

    private void inviteResponse(Leg leg, ClientTransaction ct, Dialog dialog, Response r) {
        Call call = leg.call;
        int status = r.getStatusCode();
        boolean initial = ct == null || leg.inviteClientTx == ct;
        if (!initial) {
            // answer to a re-INVITE we sent (already ACKed in response())
            if (status >= 200 && status < 300) {
                byte[] sdp = r.getRawContent();
                if (sdp != null) {
                    gotSdp(leg, sdp);
                }
                if (leg.onReinviteAnswer != null) {
                    java.util.function.Consumer<byte[]> then = leg.onReinviteAnswer;
                    leg.onReinviteAnswer = null;
                    leg.onReinviteFailed = null;
                    then.accept(sdp);
                }
            } else if (status >= 300) {
                LOG.debug("re-INVITE of call {} refused with {}", call.id, status);
                reinviteFailed(leg, status);
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
        // 2xx (already ACKed in response())
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
            gotSdp(leg, sdp);
            customerAnswered(call);
            return;
        }
        gotSdp(leg, sdp);
        if (leg == call.consult) {
            consultAnswered(call, leg);
        } else if (leg.kind == Leg.Kind.SUPERVISOR || leg.kind == Leg.Kind.CONFERENCE) {
            partyAnswered(call, leg);
        } else if (leg == call.pending) {
            connect(call, leg);
        } else {
            sip.sendInDialog(dialog, Request.BYE, null);
        }
    }

    /** The pending party answered: it becomes the customer's peer. */
    private void connect(Call call, Leg leg) {
        cancelRingTimer(call);
        call.pending = null;
        call.peer = leg;
        call.state = CallState.TALKING;
        Instant now = Instant.now();
        if (call.answeredAt == null) {
            call.answeredAt = now;
            QueueRuntime q = call.acd.queue(call.queue);
            if (q != null) {
                q.answered++;
                if (call.enqueuedAt != null && Duration.between(call.enqueuedAt, now).toSeconds() < q.def.serviceLevelSeconds()) {
                    q.answeredWithinSl++;
                }
            }
        }
        cancelMaxWait(call);
        if (leg.agentUserId != null) {
            AgentRuntime agent = call.acd.agents.get(leg.agentUserId);
            if (agent != null) {
                call.agentUserId = agent.userId;
                call.cdrAgentUserId = agent.userId;
                call.agentLogin = agent.login;
                call.seatId = agent.seatId;
                agent.queue = call.queue;
                if (agent.state == AgentState.RESERVED && call.id.equals(agent.callId)) {
                    call.acd.transition(agent, AgentState.ON_CALL, null, call.id);
                }
            }
        }
        endHold(call);
        Leg customer = call.customer;
        if (!customer.confirmed) {
            answerCustomer(customer, sdpFor(customer, leg.sdp, "sendrecv"), now);
        } else if (call.selfAnswered) {
            call.selfAnswered = false; // the caller already talks to Seatline's endpoint: nothing changes for it
        } else {
            reinvite(customer, leg.sdp, "sendrecv", null);
        }
        publishCall(call, "ANSWERED", leg.agentUserId == null ? Map.of("party", leg.party) : Map.of("user.id", leg.agentUserId, "agent", leg.party));
    }

    /** A leg that was ringing failed (no answer, busy, timeout, unreachable). */
    private void legFailed(Leg leg, int status) {
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
            cancelRingTimer(call);
            String disposition = status == Response.BUSY_HERE || status == 600 ? "BUSY" : status == Response.REQUEST_TIMEOUT || status == Response.TEMPORARILY_UNAVAILABLE || status == Response.REQUEST_TERMINATED ? "NO_ANSWER" : "FAILED";
            endCall(call, disposition, "remote_" + status, 0);
            return;
        }
        if (leg == call.consult) {
            call.consult = null;
            releaseAgentAfterMiss(call, leg);
            restoreAfterConsult(call);
            publishCall(call, "CONSULT_FAILED", Map.of("status", status));
            return;
        }
        if (leg.kind == Leg.Kind.SUPERVISOR || leg.kind == Leg.Kind.CONFERENCE) {
            partyLeft(call, leg, status);
            return;
        }
        if (leg != call.pending) {
            return;
        }
        cancelRingTimer(call);
        call.pending = null;
        releaseAgentAfterMiss(call, leg);
        if (call.peer == null && call.customer.confirmed && call.queue == null) {
            // a direct transfer or an originated call whose agent or number did not answer: nobody to go back to
            endCall(call, "ANSWERED", "target_unavailable", 0);
            return;
        }
        publishCall(call, "MISSED", leg.agentUserId == null ? Map.of("party", leg.party, "status", status) : Map.of("user.id", leg.agentUserId, "status", status));
        requeue(call);
    }

    private void releaseAgentAfterMiss(Call call, Leg leg) {
        if (leg.agentUserId == null) {
            return;
        }
        AgentRuntime agent = call.acd.agents.get(leg.agentUserId);
        if (agent != null && agent.state == AgentState.RESERVED && call.id.equals(agent.callId)) {
            call.acd.transition(agent, AgentState.NOT_READY, "missed", null);
        }
    }

    /** Back in line at its original position; with no queue (a direct transfer that failed) the call ends. */
    private void requeue(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        if (q == null) {
            endCall(call, call.answeredAt == null ? "NO_ANSWER" : "ANSWERED", "target_unavailable", Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        call.acd.enqueue(call, q, true);
        if (call.state == CallState.QUEUED) {
            publishCall(call, "QUEUED", Map.of("requeued", true));
        }
    }

    private void customerCancelled(Call call) {
        if (call.ended() || call.customer.confirmed) {
            return;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        if (q != null) {
            q.abandoned++;
        }
        call.customer.result = "CANCELLED";
        endCall(call, "ABANDONED", "caller_cancel", Response.REQUEST_TERMINATED);
    }

    private void byeFrom(Leg leg) {
        Call call = leg.call;
        leg.endedAt = Instant.now();
        leg.result = leg.result == null ? "ANSWERED" : leg.result;
        forget(leg);
        if (call.ended()) {
            return;
        }
        if (leg == call.customer) {
            if (call.answeredAt == null && call.queue != null && call.acd.queue(call.queue) != null) {
                call.acd.queue(call.queue).abandoned++; // answered by Seatline (music), left before an agent took it
            }
            endCall(call, goneDisposition(call), "customer_bye", 0);
        } else if (leg.kind == Leg.Kind.SUPERVISOR || leg.kind == Leg.Kind.CONFERENCE) {
            partyLeft(call, leg, 0);
        } else if (leg == call.consult) {
            call.consult = null;
            wrapUp(call, leg);
            restoreAfterConsult(call);
            publishCall(call, "CONSULT_ENDED", Map.of());
        } else if (leg == call.peer) {
            if (call.consult != null && call.consult.confirmed) {
                // the first agent left during a consultation: that completes the transfer
                Leg target = call.consult;
                call.consult = null;
                call.peer = null;
                wrapUp(call, leg);
                call.transfers++;
                call.pending = target;
                connectConfirmed(call, target);
                return;
            }
            if (leg.agentUserId != null && ivr.surveyWanted(call)) {
                // the agent is done: after-call work starts now, the caller stays for the satisfaction survey
                call.peer = null;
                call.agentUserId = null;
                wrapUp(call, leg);
                stopRecording(call);
                ivr.survey(call);
                return;
            }
            endCall(call, "ANSWERED", leg.agentUserId != null ? "agent_bye" : "remote_bye", 0);
        }
    }

    /**
     * A re-INVITE from a party (e.g. its phone's hold key). With anchored media Seatline is every party's peer, so it
     * answers itself (the direction its answer takes mirrors the offer, RFC 3264 §6.1); the agent's hold key puts the
     * call on hold like the REST action (the caller hears the queue's music) and its resume takes it off hold.
     * Without anchored media the offer is relayed to the other side and its answer relayed back.
     */
    private void reinviteFrom(Leg leg, ServerTransaction st, byte[] sdp) {
        Call call = leg.call;
        Leg other = leg == call.customer ? call.peer : leg == call.peer ? call.customer : null;
        if (sdp != null) {
            gotSdp(leg, sdp);
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
            sip.send(st, sip.answer(st.getRequest(), Response.OK, null, other == null ? null : sdpFor(leg, other.sdp, "sendrecv")));
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
            endHold(call);
            call.state = CallState.TALKING;
        }
        reinvite(other, sdp, direction(sdp), answer -> sip.send(st, sip.answer(st.getRequest(), Response.OK, null,
                answer == null ? sdpFor(leg, other.sdp, complement(direction(sdp))) : answer)),
            status -> sip.send(st, sip.response(status >= 400 && status < 700 ? status : Response.SERVER_INTERNAL_ERROR, st.getRequest())));
    }

    /**
     * A REFER from the agent's phone (its transfer key, RFC 3515): a blind transfer to the Refer-To target — another
     * agent (by SIP user or login), a queue (by name) or a number — through the same logic as the REST action, so
     * the CDR and the screen pop are the same. The phone is told the outcome by NOTIFY (message/sipfrag) and is
     * released. Refer-To with Replaces (RFC 3891) is the phone's attended transfer: the party it consulted on a call
     * of its own takes the agent's place on this call.
     */
    private void referFrom(Leg leg, ServerTransaction st, Request req) {
        Call call = leg.call;
        javax.sip.header.ReferToHeader referTo = (javax.sip.header.ReferToHeader) req.getHeader(javax.sip.header.ReferToHeader.NAME);
        if (referTo == null || !(referTo.getAddress().getURI() instanceof SipURI uri) || uri.getUser() == null) {
            sip.send(st, phrase(sip.response(Response.BAD_REQUEST, req), "Refer-To must name a sip: user"));
            return;
        }
        if (call.ended() || leg != call.peer || leg.agentUserId == null) {
            sip.send(st, phrase(sip.response(Response.FORBIDDEN, req), "Only the agent talking to the caller can transfer the call"));
            return;
        }
        if (uri.getHeader("Replaces") != null) {
            attendedByRefer(leg, st, req, uri.getHeader("Replaces"));
            return;
        }
        if (!(call.state == CallState.TALKING || call.state == CallState.HELD) || call.consult != null || call.pending != null) {
            sip.send(st, phrase(sip.response(Response.FORBIDDEN, req), "The call cannot be transferred now (it is " + call.state + ")"));
            return;
        }
        TransferTarget target = referTarget(call.acd, uri.getUser());
        if (target == null) {
            sip.send(st, phrase(sip.response(Response.NOT_FOUND, req), "No agent, queue or number " + uri.getUser()));
            return;
        }
        try {
            Target t = resolve(call.acd, target);
            requireReachable(call, t);
        } catch (RuntimeException ex) {
            sip.send(st, phrase(sip.response(Response.FORBIDDEN, req), ex.getMessage()));
            return;
        }
        sip.send(st, sip.answer(req, Response.ACCEPTED, null, null));
        // the phone's part ends here: it is told so before Seatline releases it
        sip.notifyRefer(leg.dialog, "SIP/2.0 200 OK", true);
        try {
            transfer(call, target);
        } catch (RuntimeException ex) {
            LOG.info("Transfer of call {} by the phone failed: {}", call.id, ex.getMessage());
        }
    }

    /**
     * Attended transfer by the agent's phone: it held this call, called another party itself (its own call through
     * Seatline, named by Replaces) and pressed transfer. That party leaves the consultation call and becomes this
     * call's peer; the agent is released from both (wrap-up), and the consultation call ends as replaced.
     */
    private void attendedByRefer(Leg leg, ServerTransaction st, Request req, String replacesHeader) {
        Call call = leg.call;
        String consultCallId = percentDecode(replacesHeader).split(";", 2)[0].trim();
        if (!(call.state == CallState.TALKING || call.state == CallState.HELD) || call.consult != null || call.pending != null) {
            sip.send(st, phrase(sip.response(Response.FORBIDDEN, req), "The call cannot be transferred now (it is " + call.state + ")"));
            return;
        }
        Leg own = legsBySipCallId.get(consultCallId);
        // only a call of the same tenant is looked at (and it is on this actor then)
        Call consultation = own == null || own.call.acd != call.acd ? null : own.call;
        Leg target = consultation == null ? null : consultation.peer;
        if (consultation == null || consultation == call || consultation.ended() || own != consultation.customer
            || !java.util.Objects.equals(own.agentUserId, leg.agentUserId) || target == null || !target.confirmed || target.ended()) {
            sip.send(st, phrase(sip.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, req),
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
            carrier(call, consultation.carrierNumber); // a number the phone called moves in with its carrier leg
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
        handOver(call, target);
        endCall(consultation, "ANSWERED", "replaced", 0);
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
    private TransferTarget referTarget(TenantAcd acd, String user) {
        for (AgentRuntime a : acd.agents.values()) {
            if (user.equals(a.sipUser) || user.equals(a.login)) {
                return new TransferTarget(a.userId, null, null);
            }
        }
        if (acd.queue(user) != null) {
            return new TransferTarget(null, user, null);
        }
        return normalise(user) != null ? new TransferTarget(null, null, user) : null;
    }

    /** The agent's phone put the call on hold (its hold key) or took it off hold. */
    private void phoneHold(Call call, boolean hold) {
        if (hold && call.state == CallState.TALKING) {
            call.holdStarted = Instant.now();
            call.state = CallState.HELD;
            call.heldByPhone = true;
            publishCall(call, "HELD", Map.of("by", "phone"));
        } else if (!hold && call.state == CallState.HELD && call.heldByPhone) {
            // only the phone's own hold: a sendrecv refresh from the phone does not undo a hold from the console
            call.heldByPhone = false;
            endHold(call);
            call.state = CallState.TALKING;
            publishCall(call, "RESUMED", Map.of("by", "phone"));
        }
    }

    private static boolean isHeld(Call call) {
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
    private static int pt(Call call) {
        MediaLeg c = call.customer == null ? null : call.customer.media;
        return c == null ? -1 : c.pt();
    }

    private void reinvite(Leg leg, byte[] sdp, String direction, java.util.function.Consumer<byte[]> onAnswer) {
        reinvite(leg, sdp, direction, onAnswer, null);
    }

    /**
     * Sends a re-INVITE on {@code leg}. One offer at a time per leg (RFC 3261 14.1): while one is pending, the newer
     * one waits and is sent when the first is answered, so the last state asked for is the one the party ends in.
     * {@code direction} is what the call's state asks of this party now (never the direction of an SDP stored earlier:
     * a party that answered a hold with recvonly must not be offered recvonly again when it is connected).
     */
    private void reinvite(Leg leg, byte[] sdp, String direction, java.util.function.Consumer<byte[]> onAnswer,
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
        if (sip.sendInDialog(leg.dialog, Request.INVITE, sdpFor(leg, sdp, direction)) == null) {
            LOG.debug("re-INVITE on call {} not sent", leg.call.id);
            reinviteFailed(leg, Response.SERVER_INTERNAL_ERROR);
        }
    }

    private void reinviteFailed(Leg leg, int status) {
        java.util.function.IntConsumer failed = leg.onReinviteFailed;
        leg.onReinviteAnswer = null;
        leg.onReinviteFailed = null;
        if (failed != null) {
            failed.accept(status);
        }
    }

    private void cancelRingTimer(Call call) {
        if (call.ringTimer != null) {
            call.ringTimer.cancel(false);
            call.ringTimer = null;
        }
    }

    private static void cancelMaxWait(Call call) {
        if (call.maxWaitTimer != null) {
            call.maxWaitTimer.cancel(false);
            call.maxWaitTimer = null;
        }
    }

    /** Gives up on a leg that is still ringing: CANCEL (a 200 OK crossing it gets a BYE), ended now as CANCELLED. */
    private void cancelRinging(Leg leg) {
        leg.cancelled = true;
        if (leg.inviteClientTx != null) {
            sip.cancel(leg.inviteClientTx);
        }
        leg.endedAt = Instant.now();
        leg.result = "CANCELLED";
    }

    private void endHold(Call call) {
        if (call.holdStarted != null) {
            call.holdMs += Duration.between(call.holdStarted, Instant.now()).toMillis();
            call.holdStarted = null;
        }
    }

    /**
     * Ends the call: every other leg is released (BYE, CANCEL or a final response), the agent goes to wrap-up,
     * and the CDR is written; the call's resources are released only once the CDR is committed.
     */
    void endCall(Call call, String disposition, String cause, int customerStatus) {
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
        io.seatline.telephony.internal.entity.RecordingEntity recording = stopRecording(call);
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
            hangupLeg(leg);
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
        publishCall(call, "ENDED", Map.of("disposition", disposition, "cause", cause));
        CdrEntity cdr = cdr(call);
        if (recording != null) {
            cdr.recordingId = recording.id;
            writer.submit(em -> em.persist(recording), null);
        } else if (call.recordingId != null) {
            cdr.recordingId = call.recordingId;
        }
        java.util.List<CdrLegEntity> legs = call.legs.stream().map(l -> leg(call, l)).toList();
        writer.submit(em -> {
            em.persist(cdr);
            legs.forEach(em::persist);
        }, () -> {
            // billing rates each CDR once it is committed
            events.publish(call.acd.tenantId, TelephonyEvents.CDR_WRITTEN, Map.of("call.id", call.id));
            call.acd.actor.execute(() -> release(call));
        });
    }

    /** Another call of the tenant on which {@code agentUserId} still has a leg up, or null. */
    private static Call otherLiveCall(Call call, String agentUserId) {
        for (Call c : call.acd.calls.values()) {
            if (c != call && !c.ended() && c.legs.stream().anyMatch(l -> agentUserId.equals(l.agentUserId) && !l.ended() && l.confirmed)) {
                return c;
            }
        }
        return null;
    }

    /** Ends every call of the tenant (node stopping); their CDRs are queued for the writer. */
    void endAll(TenantAcd acd, String cause) {
        for (Call call : new java.util.ArrayList<>(acd.calls.values())) {
            if (!call.ended()) {
                endCall(call, call.answeredAt != null ? "ANSWERED" : "FAILED", cause, Response.SERVICE_UNAVAILABLE);
            }
        }
    }

    /** After the CDR is committed: forget the call. */
    private void release(Call call) {
        call.acd.calls.remove(call.id);
        call.legs.forEach(this::forget);
    }

    private void forget(Leg leg) {
        if (leg.sipCallId != null && legsBySipCallId.remove(leg.sipCallId, leg)) {
            sip.unpin(leg.sipCallId);
        }
    }

    /** The agent of {@code leg} finished talking: after-call work, then READY (timer or manual). */
    private void wrapUp(Call call, Leg leg) {
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

    // =================================================================== hooks

    @Override
    public void stateChanged(TenantAcd acd, AgentRuntime a, AgentState previous, Instant at) {
        if (previous == AgentState.WRAP_UP && a.state != AgentState.WRAP_UP && a.wrapUpStarted != null) {
            long ms = Duration.between(a.wrapUpStarted, at).toMillis();
            String cdrId = a.wrapUpCallId;
            a.wrapUpStarted = null;
            a.wrapUpCallId = null;
            // only the agent who ended the call owns the CDR's wrap-up (not one who transferred it away). Loaded by id,
            // not a bulk update: the CDR may sit unflushed in the same batch, and a bulk query would flush per item.
            writer.submit(em -> {
                CdrEntity c = em.find(CdrEntity.class, cdrId);
                if (c != null && acd.tenantId.equals(c.getTenantId()) && a.userId.equals(c.agentUserId)) {
                    c.wrapUpMs = ms;
                }
            }, null);
        }
        AgentStateLogEntity log = new AgentStateLogEntity();
        log.id = Ids.next();
        log.setTenantId(acd.tenantId);
        log.userId = a.userId;
        log.state = a.state.name();
        log.previousState = previous.name();
        log.reason = a.reason;
        log.callId = a.callId;
        log.at = at;
        writer.submit(em -> em.persist(log), null);
        Map<String, Object> p = new HashMap<>();
        p.put("user.id", a.userId);
        p.put("agent", a.login);
        p.put("state", a.state.name());
        p.put("previous", previous.name());
        if (a.reason != null) {
            p.put("reason", a.reason);
        }
        if (a.callId != null) {
            p.put("call.id", a.callId);
        }
        events.publish(acd.tenantId, TelephonyEvents.AGENT_STATE, p);
    }

    @Override
    public RoutingStrategy plugin(String tenantId, String name) {
        return directory.plugin(tenantId, name);
    }

    void publishCall(Call call, String type, Map<String, Object> extra) {
        // every published change of a call is also where its media topology is re-derived
        syncMedia(call);
        Map<String, Object> p = new HashMap<>();
        p.put("call.id", call.id);
        p.put("direction", call.direction);
        if (call.queue != null) {
            p.put("queue", call.queue);
        }
        if (call.from != null) {
            p.put("from", call.from);
        }
        if (call.to != null) {
            p.put("to", call.to);
        }
        if (extra != null) {
            p.putAll(extra);
        }
        String attempt = call.data.get("dialer.attempt");
        if (attempt != null) {
            // a campaign call: the dialer follows its attempts by these keys
            p.put("dialer.attempt", attempt);
            p.put("dialer.campaign", String.valueOf(call.data.get("dialer.campaign")));
        }
        events.publish(call.acd.tenantId, TelephonyEvents.CALL_TOPIC + type, p);
    }

    // =================================================================== call control (tenant actor)

    Call require(TenantAcd acd, String callId) {
        Call call = acd.calls.get(callId);
        if (call == null || call.ended()) {
            throw new NotFoundException("not_found", "call '" + callId + "' not found or already ended");
        }
        return call;
    }

    void hangup(Call call) {
        endCall(call, call.answeredAt != null ? "ANSWERED" : "ABANDONED", "hangup_request", Response.TEMPORARILY_UNAVAILABLE);
    }

    void hold(Call call) {
        if (!call.state == CallState.TALKING || call.peer == null) {
            throw new ConflictException("invalid_call_state", "only a connected call can be put on hold (call is " + call.state + ")", null);
        }
        call.holdStarted = Instant.now();
        call.state = CallState.HELD;
        call.heldByPhone = false;
        reinvite(call.customer, call.peer.sdp, "sendonly", null);
        publishCall(call, "HELD", null);
    }

    void resume(Call call) {
        if (!call.state == CallState.HELD || call.peer == null) {
            throw new ConflictException("invalid_call_state", "the call is not on hold (it is " + call.state + ")", null);
        }
        endHold(call);
        call.state = CallState.TALKING;
        call.heldByPhone = false;
        reinvite(call.customer, call.peer.sdp, "sendrecv", null);
        publishCall(call, "RESUMED", null);
    }

    void transfer(Call call, TransferTarget target) {
        if (!(call.state == CallState.TALKING || call.state == CallState.HELD) || call.peer == null) {
            throw new ConflictException("invalid_call_state", "only a connected call can be transferred (call is " + call.state + ")", null);
        }
        Target t = resolve(call.acd, target);
        requireReachable(call, t);
        Leg old = call.peer;
        call.peer = null;
        call.agentUserId = null; // the agent who transferred no longer controls the call
        endHold(call);
        call.transfers++;
        sip.sendInDialog(old.dialog, Request.BYE, null);
        old.endedAt = Instant.now();
        old.result = "ANSWERED";
        wrapUp(call, old);
        publishCall(call, "TRANSFERRED", Map.of("target", String.valueOf(target)));
        try {
            route(call, t, call.customer.sdp);
        } catch (RuntimeException e) {
            // checked above, so only a race (the agent just got another call): back in line, or the end
            LOG.info("Transfer of call {} failed: {}", call.id, e.getMessage());
            if (call.pending == null && !call.ended()) {
                QueueRuntime q = call.acd.queue(call.queue);
                if (q != null) {
                    call.acd.enqueue(call, q, true);
                } else {
                    endCall(call, "ANSWERED", "transfer_failed", 0);
                }
            }
        }
    }

    /** Refuses a transfer or consultation whose target cannot take it, before anything changes on the call. */
    private void requireReachable(Call call, Target t) {
        if (t.agent != null) {
            AgentRuntime a = t.agent;
            if (a.userId.equals(call.agentUserId)) {
                throw new ValidationException("invalid_target", "the call is already with agent " + a.login, "agentUserId");
            }
            if (a.state != AgentState.READY && a.state != AgentState.NOT_READY && a.state != AgentState.WRAP_UP) {
                throw new ConflictException("agent_busy", "agent " + a.login + " is " + a.state, "agentUserId");
            }
            if (a.staticContact == null && registrar.contact(a.sipUser) == null) {
                throw new ConflictException("agent_unreachable", "agent " + a.login + " has no registered phone", "agentUserId");
            }
        } else if (t.number != null && directory.outboundTrunk(call.acd.tenantId, call.did) == null) {
            throw new ConflictException("no_trunk", "no enabled trunk for outbound calls", null);
        }
    }

    void consult(Call call, TransferTarget target) {
        if (!call.state == CallState.TALKING || call.peer == null || call.peer.agentUserId == null) {
            throw new ConflictException("invalid_call_state", "consult needs a call connected to an agent (call is " + call.state + ")", null);
        }
        Target t = resolve(call.acd, target);
        if (t.queue != null) {
            throw new ValidationException("invalid_target", "consult with an agent or a number, not a queue", "queue");
        }
        requireReachable(call, t);
        Leg leg = startLeg(call, t, Leg.Kind.CONSULT, call.peer.sdp);
        if (leg == null) {
            if (t.agent != null && t.agent.state == AgentState.RESERVED && call.id.equals(t.agent.callId)) {
                call.acd.transition(t.agent, AgentState.NOT_READY, "unregistered", null);
            }
            throw new ConflictException("consult_failed", "the consultation call could not be placed", null);
        }
        call.consult = leg;
        call.holdStarted = Instant.now();
        call.state = CallState.CONSULTING;
        reinvite(call.customer, call.peer.sdp, "sendonly", null);
        publishCall(call, "CONSULTING", t.agent() == null ? Map.of("target", String.valueOf(target))
            : Map.of("target", String.valueOf(target), "user.id", t.agent().userId, "agent", t.agent().login));
    }

    private void consultAnswered(Call call, Leg leg) {
        agentAnswered(call, leg);
        // the first agent now talks to the consulted party
        reinvite(call.peer, leg.sdp, "sendrecv", null);
        publishCall(call, "CONSULT_ANSWERED", Map.of("party", leg.party));
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
    private void handOver(Call call, Leg target) {
        Leg old = call.peer;
        call.peer = null;
        call.agentUserId = null;
        sip.sendInDialog(old.dialog, Request.BYE, null);
        old.endedAt = Instant.now();
        old.result = "ANSWERED";
        wrapUp(call, old);
        call.transfers++;
        connectConfirmed(call, target);
    }

    /** A party that already answered (a consulted agent) takes over the customer. */
    private void connectConfirmed(Call call, Leg target) {
        endHold(call);
        call.peer = target;
        call.pending = null;
        call.state = CallState.TALKING;
        if (target.agentUserId != null) {
            AgentRuntime a = call.acd.agents.get(target.agentUserId);
            if (a != null) {
                call.agentUserId = a.userId;
                call.cdrAgentUserId = a.userId;
                call.agentLogin = a.login;
                call.seatId = a.seatId;
            }
        }
        // both sides are offered what the call is now (talking), not the SDP they sent while the customer was held
        reinvite(target, call.customer.sdp, "sendrecv", null);
        reinvite(call.customer, target.sdp, "sendrecv", null);
        publishCall(call, "TRANSFERRED", Map.of("party", target.party, "attended", true));
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
            wrapUp(call, leg);
        } else {
            cancelRinging(leg);
            releaseAgentAfterMiss(call, leg);
        }
        restoreAfterConsult(call);
        publishCall(call, "CONSULT_CANCELLED", null);
    }

    private void restoreAfterConsult(Call call) {
        if (call.peer == null || call.ended()) {
            return;
        }
        endHold(call);
        call.state = CallState.TALKING;
        reinvite(call.peer, call.customer.sdp, "sendrecv", null);
        reinvite(call.customer, call.peer.sdp, "sendrecv", null);
    }

    /** Outbound: the called party answered; connect it to the requested agent or queue. */
    private void customerAnswered(Call call) {
        cancelRingTimer(call);
        call.answeredAt = Instant.now();
        publishCall(call, "CUSTOMER_ANSWERED", null);
        if (call.connectWithinSeconds != null) {
            call.connectTimer = timers.schedule(() -> call.acd.actor.execute(() -> connectDeadline(call)), call.connectWithinSeconds * 1000L,
                TimeUnit.MILLISECONDS);
        }
        Target t = call.originateTarget;
        call.originateTarget = null;
        try {
            route(call, t, call.customer.sdp);
        } catch (RuntimeException e) {
            LOG.info("Originated call {} cannot reach its target: {}", call.id, e.getMessage());
            endCall(call, "FAILED", "target_unavailable", 0);
        }
    }

    /**
     * Dialer rule: the customer answered and no agent took the call in time. The call leaves the queue (a ringing agent
     * is released), the customer hears the safe-harbour message and the call ends ABANDONED with cause no_agent.
     */
    private void connectDeadline(Call call) {
        call.connectTimer = null;
        if (call.ended() || call.peer != null) {
            return;
        }
        call.acd.removeWaiting(call);
        cancelMaxWait(call);
        Leg pending = call.pending;
        if (pending != null) {
            call.pending = null;
            cancelRingTimer(call);
            cancelRinging(pending);
            AgentRuntime agent = pending.agentUserId == null ? null : call.acd.agents.get(pending.agentUserId);
            if (agent != null && agent.state == AgentState.RESERVED && call.id.equals(agent.callId)) {
                call.acd.transition(agent, AgentState.READY, null, null);
            }
        }
        call.state = CallState.SAFE_HARBOUR;
        publishCall(call, "NO_AGENT", Map.of("connectWithinSeconds", call.connectWithinSeconds));
        Leg customer = call.customer;
        if (call.media == null || customer.media == null || !customer.confirmed) {
            endCall(call, "ABANDONED", "no_agent", 0);
            return;
        }
        String prompt = call.abandonPrompt == null ? "safe-harbour" : call.abandonPrompt;
        reinvite(customer, customer.sdp, "sendrecv", answer -> ivr.playThen(call, prompt,
            () -> endCall(call, "ABANDONED", "no_agent", 0)));
        // a customer who refuses the re-INVITE or never answers it is released all the same
        timers.schedule(() -> call.acd.actor.execute(() -> endCall(call, "ABANDONED", "no_agent", 0)), 30, TimeUnit.SECONDS);
    }

    Call originate(TenantAcd acd, String number, TransferTarget target, String callerId, int ringSeconds, Map<String, String> data) {
        Target t = resolve(acd, target);
        if (t.number != null) {
            throw new ValidationException("invalid_target", "an originated call is bridged to an agent or a queue, not to another number", "target");
        }
        String digits = normalise(number);
        if (digits == null || digits.length() < 3 || digits.length() > 32) {
            throw new ValidationException("invalid_number", "number must have 3-32 digits", "number");
        }
        String cli = callerId == null || callerId.isBlank() ? directory.defaultCallerId(acd.tenantId) : normalise(callerId);
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
        call.queue = t.queue != null ? t.queue.def.name() : null;
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
            leg.inviteClientTx = sendInvite(call, leg, cli, trunkReach(trunk, digits), call.media == null ? null : new byte[0], Map.of());
        } catch (Exception e) {
            acd.calls.remove(call.id);
            if (call.media != null) {
                call.media.close();
            }
            forget(leg);
            throw new IllegalStateException("cannot originate: " + e.getMessage(), e);
        }
        if (leg.inviteClientTx == null) {
            legFailed(leg, Response.SERVICE_UNAVAILABLE);
            return call;
        }
        call.ringTimer = timers.schedule(() -> acd.actor.execute(() -> ringTimeout(leg)), ringSeconds, TimeUnit.SECONDS);
        publishCall(call, "ORIGINATED", Map.of("target", String.valueOf(target)));
        return call;
    }

    // =================================================================== media (tenant actor)

    /**
     * The SDP to send {@code leg} with {@code direction}: Seatline's own endpoint for it (anchored media), or
     * {@code partySdp} with that direction (media not anchored; an empty body stays empty: a delayed offer).
     */
    private byte[] sdpFor(Leg leg, byte[] partySdp, String direction) {
        if (leg.media == null) {
            return partySdp == null || partySdp.length == 0 ? partySdp : Sdp.withDirection(partySdp, direction);
        }
        return leg.media.localSdp(pt(leg.call), direction);
    }

    private void gotSdp(Leg leg, byte[] sdp) {
        leg.sdp = sdp;
        if (leg.media != null && sdp != null) {
            leg.media.remote(SdpInfo.parse(sdp));
        }
    }

    /** An originated call's callee answered with its offer: Seatline answers in the ACK, parked (inactive). SIP thread. */
    private byte[] parkAnswer(Leg leg, byte[] offer) {
        if (leg.media == null) {
            return Sdp.withDirection(offer, "inactive");
        }
        leg.media.remote(SdpInfo.parse(offer));
        return leg.media.localSdp(-1, "inactive");
    }

    /** Seatline answers the caller itself (IVR, music while queued): media flows to Seatline from now on. */
    void answerSelf(Call call) {
        Leg customer = call.customer;
        if (customer.confirmed || customer.inviteServerTx == null) {
            return;
        }
        answerCustomer(customer, customer.media.localSdp(-1, "sendrecv"), Instant.now());
        call.selfAnswered = true;
    }

    /** Sends the caller's INVITE its 200 OK with {@code sdp}: the caller's leg is confirmed from now on. */
    private void answerCustomer(Leg customer, byte[] sdp, Instant now) {
        ServerTransaction st = customer.inviteServerTx;
        sip.send(st, sip.answer(st.getRequest(), Response.OK, Long.toHexString(System.nanoTime()), sdp));
        customer.confirmed = true;
        customer.answeredAt = now;
        customer.result = "ANSWERED";
        customer.sipStatus = Response.OK;
        customer.dialog = st.getDialog();
        callsInSetup.decrementAndGet();
    }

    /**
     * Re-derives who hears whom from the call's state: the caller and its agent (plus conference parties and barging
     * supervisors) talk; a monitoring supervisor hears them, a whispering one is heard by the agent only; a caller
     * who waits hears the queue's music (or the default music on hold).
     */
    void syncMedia(Call call) {
        MediaSession m = call.media;
        if (m == null || call.ended() || call.customer.media == null || call.ivr != null) {
            return;
        }
        MediaLeg c = call.customer.media;
        Map<MediaLeg, java.util.List<MediaLeg>> topo = new java.util.IdentityHashMap<>();
        for (Leg l : call.legs) {
            if (l.media != null) {
                topo.put(l.media, new java.util.ArrayList<>());
            }
        }
        Leg peer = call.peer;
        boolean talking = peer != null && peer.media != null && peer.confirmed && !peer.ended() && call.state == CallState.TALKING;
        if (talking) {
            java.util.List<MediaLeg> room = new java.util.ArrayList<>(java.util.List.of(c, peer.media));
            for (Leg x : call.conference) {
                if (x.confirmed && !x.ended() && x.media != null) {
                    room.add(x.media);
                }
            }
            for (Leg s : call.supervisors.values()) {
                if (s.confirmed && !s.ended() && "BARGE".equals(s.mode)) {
                    room.add(s.media);
                }
            }
            for (MediaLeg x : room) {
                for (MediaLeg y : room) {
                    if (x != y) {
                        topo.get(x).add(y);
                    }
                }
            }
            for (Leg s : call.supervisors.values()) {
                if (!s.confirmed || s.ended() || s.media == null || "BARGE".equals(s.mode)) {
                    continue;
                }
                topo.get(s.media).addAll(room);
                if ("WHISPER".equals(s.mode)) {
                    topo.get(peer.media).add(s.media);
                }
            }
            stopMusic(call);
            m.apply(topo);
            if (call.recorder == null && call.recordingReason == null) {
                decideRecording(call);
            }
            return;
        }
        if (peer != null && peer.media != null && call.state == CallState.CONSULTING && call.consult != null && call.consult.confirmed
            && call.consult.media != null) {
            topo.get(peer.media).add(call.consult.media);
            topo.get(call.consult.media).add(peer.media);
        }
        m.apply(topo);
        if (call.customer.confirmed && (call.state == CallState.HELD || call.state == CallState.CONSULTING || musicWhileWaiting(call))) {
            startMusic(call);
        } else {
            stopMusic(call);
        }
    }

    private boolean musicWhileWaiting(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        return q != null && q.def.holdMusic() != null && call.peer == null;
    }

    private void startMusic(Call call) {
        if (call.musicOn) {
            return;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        String name = q != null && q.def.holdMusic() != null ? q.def.holdMusic() : "default";
        short[] music = store.audio(call.acd.tenantId, name);
        call.media.play(call.customer.media, new io.seatline.telephony.internal.media.Player(music, true, null));
        call.musicOn = true;
        scheduleAnnouncement(call);
    }

    private void stopMusic(Call call) {
        if (call.musicOn) {
            call.musicOn = false;
            call.media.stopPlaying(call.customer.media);
        }
        if (call.announceTimer != null) {
            call.announceTimer.cancel(false);
            call.announceTimer = null;
        }
    }

    /** Every {@code announceSeconds} a waiting caller hears its position and the expected wait, then the music again. */
    private void scheduleAnnouncement(Call call) {
        QueueRuntime q = call.acd.queue(call.queue);
        if (q == null || q.def.announceSeconds() <= 0 || !call.state == CallState.QUEUED || call.announceTimer != null) {
            return;
        }
        call.announceTimer = timers.schedule(() -> call.acd.actor.execute(() -> {
            call.announceTimer = null;
            if (call.ended() || !call.musicOn || !call.state == CallState.QUEUED) {
                return;
            }
            QueueRuntime qq = call.acd.queue(call.queue);
            int position = qq == null ? 1 : Math.max(1, qq.waiting.headSet(call).size() + 1);
            long answered = Math.max(1, qq == null ? 1 : qq.answered);
            int minutes = (int) Math.max(1, Math.min(10, position * 2L / Math.max(1, Math.min(answered, 3))));
            String t = call.acd.tenantId;
            short[] speech = concat(store.audio(t, "queue-position"), store.audio(t, Integer.toString(Math.min(position, 10))),
                store.audio(t, "queue-wait"), store.audio(t, Integer.toString(minutes)), store.audio(t, "minutes"));
            call.musicOn = false;
            call.media.play(call.customer.media, new io.seatline.telephony.internal.media.Player(speech, false,
                () -> call.acd.actor.execute(() -> {
                    if (!call.ended() && call.state == CallState.QUEUED) {
                        startMusic(call);
                    }
                })));
        }), q.def.announceSeconds(), TimeUnit.SECONDS);
    }

    static short[] concat(short[]... parts) {
        int n = 0;
        for (short[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        short[] out = new short[n];
        int o = 0;
        for (short[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, out, o, p.length);
                o += p.length;
            }
        }
        return out;
    }

    /** The tenant's policy decides, once per call, when the caller first talks to an agent. */
    private void decideRecording(Call call) {
        io.seatline.telephony.RecordingPolicy p = store.policy(call.acd.tenantId);
        switch (p.mode()) {
            case "ALL" -> startRecording(call, "POLICY");
            case "SAMPLE" -> {
                if (java.util.concurrent.ThreadLocalRandom.current().nextInt(100) < p.samplePercent()) {
                    startRecording(call, "SAMPLE");
                } else {
                    call.recordingReason = "NOT_SAMPLED";
                }
            }
            default -> call.recordingReason = "OFF";
        }
    }

    void startRecording(Call call, String reason) {
        if (call.media == null || call.recorder != null) {
            return;
        }
        try {
            java.nio.file.Path path = store.newRecordingPath(call.acd.tenantId, call.id, "");
            boolean stereo = Boolean.TRUE.equals(store.policy(call.acd.tenantId).stereo());
            call.recorder = new io.seatline.telephony.internal.media.WavRecorder(path, stereo ? 2 : 1);
            call.recordingReason = reason;
            call.recordingStarted = Instant.now();
            call.recordingId = Ids.next();
            call.media.record(call.recorder, call.customer.media, true);
            publishEvent(call, "RECORDING_STARTED", Map.of("recording.id", call.recordingId));
        } catch (java.io.IOException e) {
            LOG.warn("Recording of call {} could not start: {}", call.id, e.toString());
        }
    }

    /** Stops the call's recording; returns its row (already persisted unless the call is ending) or null. */
    io.seatline.telephony.internal.entity.RecordingEntity stopRecording(Call call) {
        if (call.recorder == null || call.media == null) {
            return null;
        }
        io.seatline.telephony.internal.media.WavRecorder r = call.media.stopRecording();
        if (r == null) {
            r = call.recorder;
        }
        call.recorder = null;
        io.seatline.telephony.internal.entity.RecordingEntity e = recordingRow(call, r, "CALL", call.recordingReason, null, call.recordingStarted);
        e.id = call.recordingId;
        if (!call.ended()) {
            writer.submit(em -> em.persist(e), null);
        }
        publishEvent(call, "RECORDING_STOPPED", Map.of("recording.id", e.id, "duration.ms", e.durationMs));
        return call.ended() ? e : null;
    }

    io.seatline.telephony.internal.entity.RecordingEntity recordingRow(Call call, io.seatline.telephony.internal.media.WavRecorder r,
                                                                      String kind, String reason, String mailbox, Instant started) {
        io.seatline.telephony.internal.entity.RecordingEntity e = new io.seatline.telephony.internal.entity.RecordingEntity();
        e.id = Ids.next();
        e.setTenantId(call.acd.tenantId);
        e.callId = call.id;
        e.kind = kind;
        e.reason = reason == null ? "ON_DEMAND" : reason;
        e.agentUserId = call.cdrAgentUserId;
        e.agentLogin = call.agentLogin;
        e.queueName = call.queue;
        e.fromParty = clip(call.from, 200);
        e.toParty = clip(call.to, 200);
        e.mailbox = mailbox;
        e.startedAt = started == null ? Instant.now() : started;
        e.durationMs = r.durationMs();
        try {
            e.sizeBytes = java.nio.file.Files.size(r.path());
        } catch (java.io.IOException ex) {
            e.sizeBytes = 0;
        }
        e.channels = r.channels();
        e.filePath = store.relative(r.path());
        e.expiresAt = store.expiry(call.acd.tenantId, e.startedAt);
        return e;
    }

    /** On-demand recording by an agent or supervisor. */
    void record(Call call, boolean on) {
        if (call.media == null) {
            throw new ConflictException("no_media", "the media of this call is not anchored", null);
        }
        if (on) {
            if (call.peer == null || !call.state == CallState.TALKING && !call.state == CallState.HELD) {
                throw new ConflictException("invalid_call_state", "only a connected call can be recorded (call is " + call.state + ")", null);
            }
            if (call.recorder != null) {
                throw new ConflictException("already_recording", "the call is already being recorded", null);
            }
            startRecording(call, "ON_DEMAND");
        } else {
            if (call.recorder == null) {
                throw new ConflictException("not_recording", "the call is not being recorded", null);
            }
            stopRecording(call);
        }
    }

    /**
     * Ends the calls of {@code acd} whose parties have all been silent (no RTP) for longer than {@code timeoutNanos}:
     * a phone or carrier that went away without a BYE must not hold an agent and media ports for ever.
     */
    void endSilentCalls(TenantAcd acd, long timeoutNanos) {
        for (Call call : java.util.List.copyOf(acd.calls.values())) {
            if (call.ended() || call.media == null || call.customer == null || !call.customer.confirmed
                || !java.util.EnumSet.of(CallState.TALKING, CallState.QUEUED, CallState.RINGING, CallState.SURVEY).contains(call.state)) {
                continue; // held, consulting, being transferred or originated: a quiet party may be quiet on purpose
            }
            // only parties that say they send count; every one of them silent, and at least one
            boolean anyExpected = false;
            boolean silent = true;
            for (Leg l : call.legs) {
                if (l.media != null && !l.ended() && l.confirmed && l.media.expectsMedia()) {
                    anyExpected = true;
                    silent &= l.media.silentFor(timeoutNanos);
                }
            }
            if (anyExpected && silent) {
                LOG.info("call {} of {}: no RTP from any party for {} s, ended", call.id, acd.tenantId, timeoutNanos / 1_000_000_000L);
                endCall(call, goneDisposition(call), "rtp_timeout", 0);
            }
        }
    }

    /** The caller leaves the IVR for a queue. */
    void ivrToQueue(Call call, String queueName) {
        call.ivr = null;
        QueueRuntime q = call.acd.queue(queueName);
        if (q == null) {
            endCall(call, "FAILED", "ivr_unknown_queue", 0);
            return;
        }
        q.offered++;
        scheduleMaxWait(call, q);
        call.acd.enqueue(call, q, false);
        if (call.state == CallState.QUEUED) {
            publishCall(call, "QUEUED", Map.of("from", "ivr"));
        } else {
            syncMedia(call);
        }
    }

    /** Rings a supervisor's phone to monitor, whisper or barge into a call; or changes the mode of one listening. */
    void supervise(Call call, String supervisorUserId, String mode) {
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
            publishCall(call, "SUPERVISED", Map.of("user.id", supervisorUserId, "mode", m));
            return;
        }
        if (call.peer == null || !(call.state == CallState.TALKING || call.state == CallState.HELD)) {
            throw new ConflictException("invalid_call_state", "only a call connected to an agent can be supervised (call is " + call.state + ")", null);
        }
        if (supervisorUserId.equals(call.agentUserId)) {
            throw new ValidationException("invalid_target", "an agent cannot supervise its own call", "supervisorUserId");
        }
        AgentRuntime sup = call.acd.agents.get(supervisorUserId);
        Reach contact = sup == null ? null : reachOf(sup);
        if (contact == null) {
            throw new ConflictException("supervisor_unreachable", "the supervisor has no registered phone (an agent profile with a SIP identity is needed)", "supervisorUserId");
        }
        Leg leg = call.newLeg(Leg.Kind.SUPERVISOR, sup.login);
        leg.mode = m;
        call.supervisors.put(supervisorUserId, leg);
        dialParty(call, leg, contact, "supervise");
    }

    void stopSupervising(Call call, String supervisorUserId) {
        Leg leg = call.supervisors.get(supervisorUserId);
        if (leg == null || leg.ended()) {
            throw new NotFoundException("not_found", "that supervisor is not listening to this call");
        }
        hangupLeg(leg);
        partyLeft(call, leg, 0);
    }

    /** The agent adds another agent or a number to the call (three-way call, conference of up to 6 parties). */
    void addParty(Call call, TransferTarget target) {
        if (call.media == null) {
            throw new ConflictException("no_media", "the media of this call is not anchored", null);
        }
        if (call.peer == null || !call.state == CallState.TALKING) {
            throw new ConflictException("invalid_call_state", "parties can be added to a connected call (call is " + call.state + ")", null);
        }
        if (call.conference.stream().filter(l -> !l.ended()).count() >= 4) {
            throw new ConflictException("conference_full", "a conference has at most 6 parties", null);
        }
        Target t = resolve(call.acd, target);
        if (t.queue != null) {
            throw new ValidationException("invalid_target", "add an agent or a number, not a queue", "queue");
        }
        requireReachable(call, t);
        if (t.agent != null) {
            AgentRuntime a = t.agent;
            Reach contact = reachOf(a);
            call.acd.transition(a, AgentState.RESERVED, null, call.id);
            Leg leg = call.newLeg(Leg.Kind.CONFERENCE, a.login);
            leg.agentUserId = a.userId;
            call.conference.add(leg);
            dialParty(call, leg, contact, "conference");
            return;
        }
        Trunk trunk = directory.outboundTrunk(call.acd.tenantId, call.did);
        Leg leg = call.newLeg(Leg.Kind.CONFERENCE, t.number);
        carrier(call, t.number);
        call.conference.add(leg);
        try {
            leg.inviteClientTx = sendInvite(call, leg, call.from == null ? "anonymous" : call.from, trunkReach(trunk, t.number), new byte[0], Map.of());
        } catch (Exception e) {
            throw new IllegalStateException("cannot call " + t.number + ": " + e.getMessage(), e);
        }
        leg.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> ringTimeout(leg)), cfg.ring_timeout_seconds(), TimeUnit.SECONDS);
        publishCall(call, "PARTY_DIALLING", Map.of("party", leg.party));
    }

    private void dialParty(Call call, Leg leg, Reach contact, String why) {
        try {
            Map<String, String> headers = Map.of("Call-Info", "<sip:" + sip.host + ">;answer-after=0", "X-Seatline-Purpose", why);
            leg.inviteClientTx = sendInvite(call, leg, call.from == null ? "anonymous" : call.from, contact, new byte[0], headers);
        } catch (Exception e) {
            throw new IllegalStateException("cannot ring " + contact.uri() + ": " + e.getMessage(), e);
        }
        if (leg.inviteClientTx == null) {
            throw new io.seatline.core.UnavailableException("sip_unavailable", "the INVITE could not be sent");
        }
        leg.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> ringTimeout(leg)), cfg.ring_timeout_seconds(), TimeUnit.SECONDS);
    }

    /** An agent rung for a consultation or as an added party answered: it is on this call now. */
    private void agentAnswered(Call call, Leg leg) {
        if (leg.agentUserId != null) {
            AgentRuntime a = call.acd.agents.get(leg.agentUserId);
            if (a != null && a.state == AgentState.RESERVED && call.id.equals(a.callId)) {
                a.queue = call.queue;
                call.acd.transition(a, AgentState.ON_CALL, null, call.id);
            }
        }
    }

    private void partyAnswered(Call call, Leg leg) {
        agentAnswered(call, leg);
        publishCall(call, leg.kind == Leg.Kind.SUPERVISOR ? "SUPERVISED" : "PARTY_JOINED",
            leg.kind == Leg.Kind.SUPERVISOR ? Map.of("party", leg.party, "mode", leg.mode) : Map.of("party", leg.party));
    }

    private void partyLeft(Call call, Leg leg, int status) {
        if (leg.endedAt == null) {
            leg.endedAt = Instant.now();
        }
        call.supervisors.values().remove(leg);
        call.conference.remove(leg);
        AgentRuntime a = leg.agentUserId == null ? null : call.acd.agents.get(leg.agentUserId);
        if (a != null && call.id.equals(a.callId)) {
            wrapUp(call, leg); // if it talked
        }
        releaseAgentAfterMiss(call, leg); // if it was still ringing
        if (call.media != null && leg.media != null) {
            call.media.remove(leg.media);
        }
        publishCall(call, leg.kind == Leg.Kind.SUPERVISOR ? "SUPERVISION_ENDED" : "PARTY_LEFT", Map.of("party", leg.party, "status", status));
    }

    /** Ends one leg that is still up: BYE when answered, CANCEL while it rings. */
    private void hangupLeg(Leg leg) {
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

    void writerSubmit(java.util.function.Consumer<javax.persistence.EntityManager> work) {
        writer.submit(work, null);
    }

    void publishEvent(Call call, String type, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("call.id", call.id);
        events.publish(call.acd.tenantId, TelephonyEvents.CALL_TOPIC + type, p);
    }

    // =================================================================== targets

    /** A resolved transfer/origination target. */
    record Target(AgentRuntime agent, QueueRuntime queue, String number) {
    }

    private Target resolve(TenantAcd acd, TransferTarget target) {
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
        String digits = normalise(target.number());
        if (digits == null || digits.length() < 3 || digits.length() > 32) {
            throw new ValidationException("invalid_number", "number must have 3-32 digits", "number");
        }
        return new Target(null, null, digits);
    }

    /** Sends the call to a resolved target: offer to an agent, queue it, or dial out. */
    private void route(Call call, Target t, byte[] sdp) {
        if (t.queue != null) {
            if (!t.queue.def.name().equals(call.queue)) {
                t.queue.offered++;
            }
            scheduleMaxWait(call, t.queue);
            call.acd.enqueue(call, t.queue, false);
            if (call.state == CallState.QUEUED) {
                publishCall(call, "QUEUED", null);
            }
            return;
        }
        Leg leg = startLeg(call, t, Leg.Kind.AGENT, sdp);
        if (leg != null) {
            call.pending = leg;
        } else if (call.pending == null && !call.ended() && !call.state == CallState.QUEUED) {
            // nothing rings and the call waits nowhere (the INVITE could not be sent): the caller must not wait for ever
            throw new io.seatline.core.UnavailableException("target_unavailable", "the target could not be called");
        }
    }

    /** Rings an agent (who must be READY, or NOT_READY for a direct call) or dials a number through a trunk. */
    private Leg startLeg(Call call, Target t, Leg.Kind kind, byte[] sdp) {
        if (t.agent != null) {
            AgentRuntime a = t.agent;
            if (a.state != AgentState.READY && a.state != AgentState.NOT_READY && a.state != AgentState.WRAP_UP) {
                throw new ConflictException("agent_busy", "agent " + a.login + " is " + a.state, "agentUserId");
            }
            call.acd.transition(a, AgentState.RESERVED, null, call.id);
            if (kind == Leg.Kind.AGENT) {
                offer(call, a);
                return null; // offer() set call.pending
            }
            Reach contact = reachOf(a);
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
        Leg leg = call.newLeg(kind == Leg.Kind.CONSULT ? Leg.Kind.CONSULT : Leg.Kind.EXTERNAL, t.number);
        carrier(call, t.number);
        return dial(call, leg, trunkReach(trunk, t.number), sdp);
    }

    private Leg dial(Call call, Leg leg, Reach target, byte[] sdp) {
        try {
            leg.inviteClientTx = sendInvite(call, leg, call.from == null ? "anonymous" : call.from, target, sdp, Map.of());
        } catch (Exception e) {
            throw new IllegalStateException("cannot call " + target.uri() + ": " + e.getMessage(), e);
        }
        if (leg.inviteClientTx == null) {
            legFailed(leg, Response.SERVICE_UNAVAILABLE);
            return null;
        }
        QueueRuntime q = call.acd.queue(call.queue);
        int ring = q == null ? cfg.ring_timeout_seconds() : Math.max(q.def.ringTimeoutSeconds(), 20);
        leg.ringTimer = timers.schedule(() -> call.acd.actor.execute(() -> ringTimeout(leg)), ring, TimeUnit.SECONDS);
        publishCall(call, "DIALLING", Map.of("party", leg.party));
        return leg;
    }

    /**
     * Sends a new INVITE for {@code leg}: tagged with the call id, and mapped by its Call-ID before it leaves so that
     * no answer can arrive unknown. Returns the transaction, or null when the stack could not send it.
     */
    private ClientTransaction sendInvite(Call call, Leg leg, String fromUser, Reach target, byte[] sdp,
                                         Map<String, String> headers) throws java.text.ParseException, javax.sip.InvalidArgumentException {
        if (call.media != null && leg.media == null) {
            leg.media = mediaEngine.allocate(leg.kind.name().toLowerCase(java.util.Locale.ROOT));
            call.media.add(leg.media);
        }
        if (leg.media != null) {
            leg.media.symmetric(target.symmetricRtp(), target.signallingIp());
        }
        // a new party is offered a two-way call, whatever the direction of the SDP it is given to start from
        byte[] body = sdp == null ? null : sdpFor(leg, sdp, "sendrecv");
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

    private static String trunkUri(Trunk trunk, String digits) {
        return "sip:" + digits + "@" + trunk.host() + ":" + trunk.port() + ";transport=" + trunk.transport().toLowerCase(java.util.Locale.ROOT);
    }

    // =================================================================== CDR

    /** The call reached {@code number} through a carrier: an internal call that did is rated as an outbound one. */
    private static void carrier(Call call, String number) {
        if (call.carrierNumber == null) {
            call.carrierNumber = number;
        }
    }

    private static CdrEntity cdr(Call call) {
        CdrEntity c = new CdrEntity();
        c.id = call.id;
        c.setTenantId(call.acd.tenantId);
        // an agent-to-agent call is free of carriage, unless a number outside was brought in (transfer, conference)
        boolean billedOut = "INTERNAL".equals(call.direction) && call.carrierNumber != null;
        c.direction = billedOut ? "OUTBOUND" : call.direction;
        c.fromParty = clip(call.from, 200);
        c.toParty = clip(billedOut ? call.carrierNumber : call.to, 200);
        c.did = call.did;
        c.queueName = call.queue;
        c.agentUserId = call.cdrAgentUserId;
        c.agentLogin = call.agentLogin;
        c.seatId = call.seatId;
        c.offeredAt = call.offeredAt;
        c.answeredAt = call.answeredAt;
        c.endedAt = call.endedAt;
        Instant waitEnd = call.answeredAt != null ? call.answeredAt : call.endedAt;
        c.waitMs = Duration.between(call.offeredAt, waitEnd).toMillis();
        c.talkMs = call.answeredAt == null ? 0 : Duration.between(call.answeredAt, call.endedAt).toMillis();
        c.holdMs = call.holdMs;
        c.disposition = call.disposition;
        c.hangupCause = call.hangupCause;
        c.transfers = call.transfers;
        c.csatScore = call.csatScore;
        c.csatStatus = call.csatStatus;
        c.ivrPath = call.ivrPath.length() == 0 ? null : clip(call.ivrPath.toString(), 400);
        return c;
    }

    private static CdrLegEntity leg(Call call, Leg l) {
        CdrLegEntity e = new CdrLegEntity();
        e.id = Ids.next();
        e.setTenantId(call.acd.tenantId);
        e.cdrId = call.id;
        e.legNo = l.legNo;
        e.kind = l.kind.name();
        e.party = clip(l.party, 200);
        e.sipCallId = clip(l.sipCallId, 200);
        e.startedAt = l.startedAt;
        e.answeredAt = l.answeredAt;
        e.endedAt = l.endedAt != null ? l.endedAt : call.endedAt;
        e.result = l.result != null ? l.result : l.answeredAt != null ? "ANSWERED" : "CANCELLED";
        e.sipStatus = l.sipStatus;
        return e;
    }

    // =================================================================== helpers

    /** Text from the wire is bounded to its column, so a long header can never keep a CDR from being written. */
    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Digits of a number, with a leading + kept off: DIDs are matched on digits only. */
    static String normalise(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder d = new StringBuilder();
        for (char c : number.toCharArray()) {
            if (c >= '0' && c <= '9') {
                d.append(c);
            } else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')' && c != '.') {
                return null;
            }
        }
        return d.length() == 0 ? null : d.toString();
    }

    private static Response phrase(Response r, String phrase) {
        try {
            r.setReasonPhrase(phrase);
        } catch (java.text.ParseException e) {
            // keep the default
        }
        return r;
    }
}
