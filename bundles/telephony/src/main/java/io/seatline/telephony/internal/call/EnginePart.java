package io.seatline.telephony.internal.call;

import io.seatline.telephony.internal.RecordWriter;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.ivr.IvrRunner;
import io.seatline.telephony.internal.media.MediaStore;
import io.seatline.telephony.internal.sip.Registrar;
import io.seatline.telephony.internal.sip.SipServer;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * One section of the {@link CallEngine}. Every part runs on the tenant's actor (SIP threads only hand over) and
 * shares the engine's collaborators and leg map; parts call each other through the engine's fields
 * ({@code engine.flow}, {@code engine.callMedia}, …). Settings are read per call from {@code engine.cfg}.
 */
abstract class EnginePart {
    static final Logger LOG = CallEngine.LOG;

    final CallEngine engine;
    final SipServer sip;
    final Registrar registrar;
    final CallEngine.Directory directory;
    final RecordWriter writer;
    final CallEngine.Events events;
    final ScheduledExecutorService timers;
    final Function<String, TenantAcd> acds;
    final Map<String, Leg> legsBySipCallId;
    final AtomicInteger callsInSetup;
    final AtomicLong rejectedOverload;
    final AtomicLong rejectedDraining;
    final AtomicInteger backlog;
    /** the RTP relay (null: media is not anchored, SDP passes through) */
    final io.seatline.telephony.internal.media.MediaEngine mediaEngine;
    final MediaStore store;
    final IvrRunner ivr;

    EnginePart(CallEngine engine) {
        this.engine = engine;
        this.sip = engine.sip;
        this.registrar = engine.registrar;
        this.directory = engine.directory;
        this.writer = engine.writer;
        this.events = engine.events;
        this.timers = engine.timers;
        this.acds = engine.acds;
        this.legsBySipCallId = engine.legsBySipCallId;
        this.callsInSetup = engine.callsInSetup;
        this.rejectedOverload = engine.rejectedOverload;
        this.rejectedDraining = engine.rejectedDraining;
        this.backlog = engine.backlog;
        this.mediaEngine = engine.mediaEngine;
        this.store = engine.store;
        this.ivr = engine.ivr;
    }
}
