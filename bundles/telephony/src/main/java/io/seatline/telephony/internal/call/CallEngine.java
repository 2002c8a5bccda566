package io.seatline.telephony.internal.call;

import io.seatline.persistence.Jpa;
import io.seatline.spi.RoutingStrategy;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.Did;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.Ids;
import io.seatline.telephony.internal.RecordWriter;
import io.seatline.telephony.internal.TelephonyConfig;
import io.seatline.telephony.internal.acd.Actor;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.entity.AgentStateLogEntity;
import io.seatline.telephony.internal.ivr.IvrRunner;
import io.seatline.telephony.internal.media.MediaStore;
import io.seatline.telephony.internal.sip.Registrar;
import io.seatline.telephony.internal.sip.SipServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA: a customer's INVITE to a DID enters the tenant's queue; the ACD offers it to an agent, whose phone
 * gets its own INVITE carrying the customer's SDP (media flows end to end); the agent's answer becomes the
 * customer's 200 OK. Transfers, hold and origination re-point the customer's media with re-INVITEs. All work of
 * one tenant runs on that tenant's {@link Actor}; SIP threads only parse, look up the call and hand over.
 */
public final class CallEngine implements TenantAcd.Hooks {
    /** What the engine needs to know about trunks, DIDs and plug-ins. */
    public interface Directory {
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
    public interface Events {
        void publish(String tenantId, String topic, Map<String, Object> props);
    }

    static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);

    final SipServer sip;
    final Registrar registrar;

    final Directory directory;
    final RecordWriter writer;

    final Events events;
    final ScheduledExecutorService timers;

    final Function<String, TenantAcd> acds;
    /**
     * Set while the runtime drains for a restart of the SIP listener (a restart-only key changed): new calls — from
     * trunks, from phones, originated — are refused with 503 so the calls in progress can end; nothing else changes.
     */
    public volatile boolean draining;
    /** live settings: replaced by {@link #reconfigure} (etc/seatline.telephony.cfg edited), read per call */
    volatile TelephonyConfig cfg;
    final Map<String, Leg> legsBySipCallId = new ConcurrentHashMap<>();

    public final AtomicInteger callsInSetup = new AtomicInteger();

    public final AtomicLong rejectedOverload = new AtomicLong();
    /** new calls refused while draining for a restart */
    public final AtomicLong rejectedDraining = new AtomicLong();

    final AtomicInteger backlog;

    /** the RTP relay (null: media is not anchored, SDP passes through) */
    final io.seatline.telephony.internal.media.MediaEngine mediaEngine;
    final MediaStore store;

    final IvrRunner ivr;

    /** SIP requests, responses and timeouts (the SIP server's handler) */
    public final SipDispatch sipDispatch;
    /** queue → offer → ring → connect, requeue */
    final CallFlow flow;
    /** BYE, re-INVITE, REFER from phones; re-INVITEs sent */
    final PhoneRequests phoneRequests;
    /** ending calls, wrap-up, shutdown */
    public final CallEnd ending;
    /** API call control and origination */
    public final CallControl control;
    /** media, music, announcements, recording, IVR hand-over */
    public final CallMedia callMedia;
    /** supervision and added parties */
    public final Conference conference;
    /** resolving and dialling targets */
    final Targets targets;
    /** calls in progress as the database knows them, for recovery after a crash */
    final CallJournal journal;

    public CallEngine(SipServer sip, Registrar registrar, Directory directory, RecordWriter writer, Events events,
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
        this.sipDispatch = new SipDispatch(this);
        this.flow = new CallFlow(this);
        this.phoneRequests = new PhoneRequests(this);
        this.ending = new CallEnd(this);
        this.control = new CallControl(this);
        this.callMedia = new CallMedia(this);
        this.conference = new Conference(this);
        this.targets = new Targets(this);
        this.journal = new CallJournal(this);
    }

    /** Settings edited while running: overload limits and ring timeouts apply from the next call on; calls in progress keep going. */
    public void reconfigure(TelephonyConfig c) {
        this.cfg = c;
    }

    public int activeLegs() {
        return legsBySipCallId.size();
    }

    /**
     * Where a party is called: the URI of the INVITE, the transport, the address requests of its dialog are pinned to
     * (a registered phone behind NAT or on TCP: where it registered from), and its RTP mode (symmetric RTP latches on
     * the signalling address too).
     */
    record Reach(String uri, String transport, String pinIp, int pinPort, boolean symmetricRtp, String signallingIp) {
    }

    @Override
    public void offer(Call call, AgentRuntime agent) {
        flow.offer(call, agent);
    }

    @Override
    public void stateChanged(TenantAcd acd, AgentRuntime a, AgentState previous, Instant at) {
        if (previous == AgentState.WRAP_UP && a.state != AgentState.WRAP_UP && a.wrapUpStarted != null) {
            long ms = Duration.between(a.wrapUpStarted, at).toMillis();
            String cdrId = a.wrapUpCallId;
            a.wrapUpStarted = null;
            a.wrapUpCallId = null;
            // only the agent who ended the call owns the CDR's wrap-up (not one who transferred it away); by id at the
            // transaction's end, after the CDR's own row (which may be in the same transaction)
            writer.submit(em -> writer.atEnd(end -> CallJournal.inTenant(acd.tenantId, () -> Jpa.bulk(end, "update CdrEntity c set c.wrapUpMs = :ms "
                + "where c.id = :id and c.agentUserId = :agent").setParameter("ms", ms).setParameter("id", cdrId).setParameter("agent", a.userId)
                .executeUpdate())), null);
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
        // the change's own time, as its row has it (the event's "at" is when it was published): who reads the history
        // after the event knows which row to wait for (the row is committed a few milliseconds later)
        p.put("state.at", at.toString());
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
        callMedia.syncMedia(call);
        journal.note(call);
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
        if ("RINGING".equals(type) || "CONSULTING".equals(type)) {
            // what the caller went through and keyed in the IVR (a case number, a menu choice), for the agent's pop
            if (call.ivrPath.length() > 0) {
                p.put("ivr.path", call.ivrPath.toString());
            }
            synchronized (call.data) {
                call.data.forEach((k, v) -> {
                    if (!k.startsWith("dialer.") && v != null) {
                        p.put("data." + k, v);
                    }
                });
            }
        }
        String attempt = call.data.get("dialer.attempt");
        if (attempt != null) {
            // a campaign call: the dialer follows its attempts by these keys
            p.put("dialer.attempt", attempt);
            p.put("dialer.campaign", String.valueOf(call.data.get("dialer.campaign")));
        }
        events.publish(call.acd.tenantId, TelephonyEvents.CALL_TOPIC + type, p);
    }

    public void writerSubmit(java.util.function.Consumer<javax.persistence.EntityManager> work) {
        writer.submit(work, null);
    }

    public void publishEvent(Call call, String type, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(extra);
        p.put("call.id", call.id);
        events.publish(call.acd.tenantId, TelephonyEvents.CALL_TOPIC + type, p);
    }

    /** A resolved transfer/origination target. */
    record Target(AgentRuntime agent, QueueRuntime queue, String number) {
    }

    /** Text from the wire is bounded to its column, so a long header can never keep a CDR from being written. */
    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Digits of a number, with a leading + kept off: DIDs are matched on digits only. */
    public static String normalise(String number) {
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

    static Response phrase(Response r, String phrase) {
        try {
            r.setReasonPhrase(phrase);
        } catch (java.text.ParseException e) {
            // keep the default
        }
        return r;
    }
}
