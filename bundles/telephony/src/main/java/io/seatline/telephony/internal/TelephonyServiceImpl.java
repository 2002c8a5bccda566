// Longer than ~600 lines: TelephonyServiceImpl is the telephony runtime, and what it holds belongs together: the SIP
// stack and registrar it starts and reconfigures, the tenants' ACD actors with the caches the engine reads (agents,
// DIDs, trunks), seat events with the seat-login guard, and the realtime feed. The API services are components of
// their own over it (acd.AcdServiceComponent, call.CallServiceComponent, TrunkAdmin, call.CdrReader,
// media.MediaServiceComponent) and the call engine lives in the call package.
package io.seatline.telephony.internal;

import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.Permissions;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.spi.RoutingStrategy;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentProfile;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.CallInfo;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.Did;
import io.seatline.telephony.QueueSpec;
import io.seatline.telephony.RealtimeService;
import io.seatline.telephony.ReasonCode;
import io.seatline.telephony.TransferTarget;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.internal.acd.Actor;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.QueueRuntime;
import io.seatline.telephony.internal.acd.Skills;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.Call;
import io.seatline.telephony.internal.call.CallEngine;
import io.seatline.telephony.internal.entity.AgentEntity;
import io.seatline.telephony.internal.entity.DidEntity;
import io.seatline.telephony.internal.entity.QueueEntity;
import io.seatline.telephony.internal.entity.TrunkEntity;
import io.seatline.telephony.internal.media.MediaStore;
import io.seatline.telephony.internal.sip.Registrar;
import io.seatline.telephony.internal.sip.SipServer;
import io.seatline.tenancy.SeatLoginGuard;
import io.seatline.tenancy.SeatService;
import io.seatline.tenancy.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telephony runtime: owns the SIP stack, the registrar, the B2BUA and every tenant's ACD actor; the telephony API
 * services are components over it (ACD, calls, trunks and DIDs, CDRs, media). Configuration and CDRs live in the
 * database; live state (registrations, agent states, calls) lives here, on the node that owns the tenant.
 */
@Component(immediate = true, configurationPid = "seatline.telephony", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    service = {RealtimeService.class, TelephonyServiceImpl.class,
        SeatLoginGuard.class, EventHandler.class, MediaStore.Holder.class},
    property = {EventConstants.EVENT_TOPIC + "=" + SeatlineEvents.SEAT_TOPIC + "*", EventConstants.EVENT_TOPIC + "=" + SeatlineEvents.TENANT_TOPIC + "*"})
@Designate(ocd = TelephonyConfig.class)
public class TelephonyServiceImpl implements RealtimeService,
    SeatLoginGuard, EventHandler, CallEngine.Directory, CallEngine.Events, MediaStore.Holder {

    private static final Logger LOG = LoggerFactory.getLogger(TelephonyServiceImpl.class);
    static final CallContext SYSTEM = CallContext.operator("telephony");
    public static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
    public static final Pattern PROMPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    public static final Pattern PLUGIN_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    public static final Set<String> SYSTEM_REASONS = Set.of("login", "missed", "unregistered");
    public static final List<ReasonCode> DEFAULT_REASONS = List.of(new ReasonCode("break", "Break / 休息", false),
        new ReasonCode("lunch", "Lunch / 午餐", false), new ReasonCode("training", "Training / 培训", false),
        new ReasonCode("meeting", "Meeting / 会议", false));

    @Reference(target = "(osgi.unit.name=seatline-telephony)")
    private EntityManagerFactory emf;
    @Reference
    private EventAdmin eventAdmin;
    @Reference
    public SeatService seats;
    @Reference
    public UserService users;
    @Reference
    private io.seatline.security.AuditService audit;
    @Reference
    private io.seatline.telephony.BlacklistService blacklist;

    private final Map<ServiceReference<RoutingStrategy>, GuardedStrategy> plugins = new ConcurrentHashMap<>();
    @Reference
    private io.seatline.tenancy.TenantDirectory directory;
    private io.seatline.telephony.internal.media.MediaEngine media;
    MediaStore mediaStore;
    private volatile java.time.Clock injectedClock;

    /** A {@code java.time.Clock} service with {@code seatline.clock=true} replaces the system clock (tests, simulations). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    void bindClock(java.time.Clock c) {
        injectedClock = c;
        if (mediaStore != null) {
            mediaStore.clock = c;
        }
    }

    void unbindClock(java.time.Clock c) {
        if (injectedClock == c) {
            injectedClock = null;
            if (mediaStore != null) {
                mediaStore.clock = java.time.Clock.systemUTC();
            }
        }
    }

    public Jpa jpa;
    /** the ACD service component over this runtime, while it is active */
    public volatile AcdService acdService;
    /** the settings in force; live keys are replaced by {@link #modified}, listener keys only at the next start */
    public volatile TelephonyConfig cfg;
    /** the settings the SIP listener and media relay were started with (what a restart-only key still is) */
    private TelephonyConfig started;
    private org.osgi.service.component.ComponentContext context;
    /** when draining for a restart began (a restart-only key changed), or null */
    private volatile Instant drainingSince;
    private volatile boolean restarting;
    SipServer sip;
    public Registrar registrar;
    public CallEngine engine;
    private RecordWriter writer;
    ExecutorService workers;
    ScheduledExecutorService timers;
    private final AtomicInteger backlog = new AtomicInteger();
    public final Map<String, TenantAcd> acds = new ConcurrentHashMap<>();
    /** each tenant's floor every 30 s for the last hours (the big screen's charts) */
    public final io.seatline.telephony.internal.acd.FloorHistory floorHistory = new io.seatline.telephony.internal.acd.FloorHistory();
    public final Map<String, Registrar.Account> accounts = new ConcurrentHashMap<>();
    /** DIDs and trunks as the engine reads them; TrunkAdmin writes them through after each change */
    final Map<String, Did> dids = new ConcurrentHashMap<>();
    volatile List<Trunk> trunks = List.of();
    private final Map<String, List<Consumer<Map<String, Object>>>> listeners = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPlugin(RoutingStrategy s, ServiceReference<RoutingStrategy> ref) {
        io.seatline.core.PluginCalls calls = new io.seatline.core.PluginCalls("routing strategy of " + bundleOf(ref), 2, 100,
            java.time.Duration.ofMillis(100), 20);
        String name = calls.call(s::name, null);
        if (name == null) {
            LOG.warn("Routing strategy of {} has no name it can tell; it is ignored", bundleOf(ref));
            calls.close();
            return;
        }
        plugins.put(ref, new GuardedStrategy(s, name, calls));
        LOG.info("Routing strategy {} available for tenant {}", name, ref.getProperty(RoutingStrategy.TENANT_ID));
    }

    private static String bundleOf(ServiceReference<?> ref) {
        return ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName();
    }

    /**
     * A routing plug-in as the ACD calls it: its name read once (at bind), each choice on the plug-in's own threads and
     * time-boxed to 100 ms ({@link io.seatline.core.PluginCalls}); a plug-in that throws, blocks or leaks threads costs a
     * routing decision at most that, then is benched and longest-idle routes instead.
     */
    record GuardedStrategy(RoutingStrategy delegate, String name, io.seatline.core.PluginCalls calls) implements RoutingStrategy {
        @Override
        public int choose(Request request, List<Candidate> candidates) {
            return calls.call(() -> delegate.choose(request, candidates), io.seatline.telephony.internal.acd.Router.NO_CHOICE);
        }
    }

    void unbindPlugin(RoutingStrategy s, ServiceReference<RoutingStrategy> ref) {
        GuardedStrategy g = plugins.remove(ref);
        if (g != null) {
            g.calls().close();
        }
    }

    @Override
    public MediaStore mediaStore() {
        return mediaStore;
    }

    @Activate
    void activate(org.osgi.service.component.ComponentContext context, TelephonyConfig config) throws Exception {
        this.context = context;
        cfg = config;
        started = config;
        jpa = new Jpa(emf);
        writer = new RecordWriter(jpa);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, cfg.worker_threads()), r -> {
            Thread t = new Thread(r, "seatline-acd-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "seatline-telephony-timers");
            t.setDaemon(true);
            return t;
        });
        String advertised = cfg.sip_advertised_host().isBlank() ? SipServer.defaultHost(cfg.sip_address()) : cfg.sip_advertised_host().trim();
        sip = new SipServer(cfg, advertised);
        registrar = new Registrar(sip, cfg, accounts::get, this::registrationChanged, this::isTrunkPeer);
        String dataDir = System.getProperty("karaf.data", "data");
        mediaStore = new MediaStore(jpa, java.nio.file.Paths.get(cfg.recordings_dir().isBlank() ? dataDir + "/seatline/recordings" : cfg.recordings_dir()),
            java.nio.file.Paths.get(cfg.prompts_dir().isBlank() ? dataDir + "/seatline/prompts" : cfg.prompts_dir()), new MediaLive());
        if (injectedClock != null) {
            mediaStore.clock = injectedClock;
        }
        if (cfg.media_enabled()) {
            String bind = cfg.media_address().isBlank() ? cfg.sip_address() : cfg.media_address();
            String mediaHost = cfg.media_advertised_host().isBlank() ? advertised : cfg.media_advertised_host();
            media = new io.seatline.telephony.internal.media.MediaEngine(bind, mediaHost, cfg.media_port_min(), cfg.media_port_max(),
                cfg.media_threads(), cfg.media_max_dtmf_per_second());
        }
        engine = new CallEngine(sip, registrar, this, writer, this, timers, this::acd, cfg, backlog, media, mediaStore);
        long every = io.seatline.telephony.internal.acd.FloorHistory.EVERY.toSeconds();
        timers.scheduleAtFixedRate(() -> acds.forEach((tenant, acd) -> {
            try {
                floorHistory.sample(tenant, acd, Instant.now());
            } catch (RuntimeException e) {
                LOG.debug("floor of {} not sampled: {}", tenant, e.toString());
            }
        }), every, every, TimeUnit.SECONDS);
        load();
        alive = java.nio.file.Paths.get(dataDir, "seatline", "telephony.alive");
        try {
            recoverFromCrash();
        } catch (RuntimeException | java.io.IOException e) {
            // the calls stay in the journal (the transaction rolled back): the next start tries again
            LOG.error("Closing the calls a crash left open failed; the next start tries again", e);
        }
        try {
            rebuildQueueFigures();
        } catch (RuntimeException e) {
            LOG.error("Rebuilding today's queue figures from the CDRs failed; they count from zero", e);
        }
        importTenantFiles();
        restoreSeatedAgents();
        timers.scheduleWithFixedDelay(() -> {
            try {
                TenantContext.run(SYSTEM, mediaStore::purgeExpired);
            } catch (RuntimeException e) {
                LOG.warn("recording retention job failed: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
        sip.setHandler(engine.sipDispatch);
        timers.scheduleWithFixedDelay(registrar::sweep, 5, 5, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(() -> {
            try {
                checkDrain();
            } catch (RuntimeException e) {
                LOG.warn("drain check failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.SECONDS);
        if (media != null) {
            // the timeout is read at each sweep: editing media.rtp.timeout.seconds applies without a restart (0: off)
            timers.scheduleWithFixedDelay(() -> {
                long timeout = TimeUnit.SECONDS.toNanos(cfg.media_rtp_timeout_seconds());
                if (timeout > 0) {
                    acds.values().forEach(acd -> acd.actor.execute(() -> engine.callMedia.endSilentCalls(acd, timeout)));
                }
            }, 5, 5, TimeUnit.SECONDS);
        }
        LOG.info("SIP listening on {}:{} ({}), advertised as {}; {} trunks, {} DIDs, {} agents", cfg.sip_address(), cfg.sip_port(),
            cfg.sip_transports(), advertised, trunks.size(), dids.size(), accounts.size());
    }

    /**
     * etc/seatline.telephony.cfg edited while running: ring timeouts, registration bounds, lock-out, overload limits,
     * the realm and the RTP timeout apply at once (from the next call or registration on); calls in progress, agent
     * states and registrations are untouched. Keys that bind sockets or size thread pools (see {@link #RESTART_KEYS})
     * cannot change under running calls: with {@code restart.after.drain} (the default) the runtime drains — new calls
     * are refused with 503, the calls in progress go on — and restarts itself with the new values once the last call
     * has ended ({@link #checkDrain}); otherwise they wait for the next start.
     */
    @Modified
    void modified(TelephonyConfig config) {
        List<String> pending = restartKeys(started, config);
        cfg = config;
        registrar.reconfigure(config);
        engine.reconfigure(config);
        if (pending.isEmpty()) {
            if (drainingSince != null) {
                LOG.info("seatline.telephony: the settings that needed a restart are back to the running values; new calls are taken again");
                stopDraining();
            }
        } else if (config.restart_after_drain()) {
            if (drainingSince == null) {
                drainingSince = Instant.now();
                engine.draining = true;
                LOG.warn("seatline.telephony: {} changed; draining: new calls are refused (503) while the {} calls in progress go on, then "
                    + "the SIP listener and media relay restart with the new values (registrations are renewed by the phones){}", pending,
                    callsInProgress(), config.restart_drain_max_seconds() > 0 ? ", at the latest in " + config.restart_drain_max_seconds() + " s" : "");
            }
        } else {
            stopDraining();
            LOG.warn("seatline.telephony: {} changed; the SIP listener and media relay keep their current values until seatline-telephony "
                + "next starts (restart.after.drain=false)", pending);
        }
        LOG.info("seatline.telephony reconfigured without a restart: ring timeout {} s, registrations {}..{} s, RTP timeout {} s",
            config.ring_timeout_seconds(), config.register_min_expires(), config.register_max_expires(), config.media_rtp_timeout_seconds());
    }

    private void stopDraining() {
        drainingSince = null;
        engine.draining = false;
    }

    /** Calls this node carries now: every leg of every call, ringing or connected, and calls being set up. */
    int callsInProgress() {
        return engine.activeLegs() + engine.callsInSetup.get();
    }

    /**
     * Once a second while draining: when no call is left (or the longest wait has passed, ending those still up), the
     * runtime restarts itself through DS — deactivate stops the listener, activate binds it with the settings now in
     * force. The components over the runtime follow it; CDR reading, billing and QA do not depend on it.
     */
    private void checkDrain() {
        Instant since = drainingSince;
        if (since == null || restarting) {
            return;
        }
        int left = callsInProgress();
        int max = cfg.restart_drain_max_seconds();
        boolean overdue = max > 0 && Duration.between(since, Instant.now()).getSeconds() >= max;
        if (left > 0 && !overdue) {
            return;
        }
        restarting = true;
        if (left > 0) {
            LOG.warn("seatline.telephony: {} calls still up after {} s of draining; they end now for the restart", left, max);
        }
        LOG.info("seatline.telephony: drained after {} s; restarting the SIP listener and media relay with {}",
            Duration.between(since, Instant.now()).getSeconds(), restartKeys(started, cfg));
        String name = (String) context.getProperties().get(org.osgi.service.component.ComponentConstants.COMPONENT_NAME);
        // not on the timer thread: deactivation stops the timers
        Thread t = new Thread(() -> {
            context.disableComponent(name);
            context.enableComponent(name);
        }, "seatline-telephony-restart");
        t.setDaemon(true);
        t.start();
    }

    /** Keys whose new value needs the SIP listener, the media relay or a worker pool to be recreated. */
    static final List<String> RESTART_KEYS = List.of("sip.address", "sip.port", "sip.transports", "sip.advertised.host", "sip.threads",
        "worker.threads", "udp.buffer.bytes", "max.message.bytes", "congestion.drop.ms", "max.server.transactions", "media.enabled",
        "media.address", "media.advertised.host", "media.port.min", "media.port.max", "media.threads", "media.max.dtmf.per.second",
        "recordings.dir", "prompts.dir", "tenants.dir");

    static List<String> restartKeys(TelephonyConfig a, TelephonyConfig b) {
        List<String> changed = new java.util.ArrayList<>();
        for (String key : RESTART_KEYS) {
            try {
                java.lang.reflect.Method m = TelephonyConfig.class.getMethod(key.replace('.', '_'));
                if (!java.util.Objects.equals(m.invoke(a), m.invoke(b))) {
                    changed.add(key);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("no setting " + key, e);
            }
        }
        return changed;
    }

    @Deactivate
    void deactivate() {
        if (engine != null) {
            // from now on a new call is refused (503) instead of being taken and cut off a moment later
            engine.draining = true;
            // calls in progress end with their CDRs (the writer flushes them below) instead of vanishing
            for (TenantAcd acd : acds.values()) {
                try {
                    onActor(acd.tenantId, () -> {
                        engine.ending.endAll(acd, "node_shutdown");
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.warn("Ending the calls of {} at shutdown failed: {}", acd.tenantId, e.toString());
                }
            }
        }
        if (sip != null) {
            sip.setHandler(null);
            sip.stop();
        }
        if (media != null) {
            media.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (writer != null) {
            writer.close();
            if (alive != null && writer.allWritten()) {
                // an orderly stop: every call has its CDR; the next start has nothing to recover
                try {
                    java.nio.file.Files.deleteIfExists(alive);
                } catch (java.io.IOException e) {
                    LOG.warn("Could not remove {}: {}", alive, e.toString());
                }
            }
        }
    }

    /** how often the runtime marks itself alive (the crash time a recovery assumes is at most this late) */
    static final int HEARTBEAT_SECONDS = 2;
    /** data/seatline/telephony.alive: there while the runtime runs, its time the last heartbeat; left behind by a crash */
    private java.nio.file.Path alive;

    private void heartbeat() {
        try {
            java.nio.file.Files.setLastModifiedTime(alive, java.nio.file.attribute.FileTime.from(Instant.now()));
        } catch (java.io.IOException e) {
            LOG.debug("heartbeat: {}", e.toString());
        }
    }

    /**
     * Closes what a killed node left open ({@link CrashRecovery}): the heartbeat file left behind says when it died.
     * Runs before SIP is handled, so no new call can meet a half-recovered state.
     */
    private void recoverFromCrash() throws java.io.IOException {
        Instant crashedAt = java.nio.file.Files.exists(alive) ? java.nio.file.Files.getLastModifiedTime(alive).toInstant() : null;
        CrashRecovery.Result r = TenantContext.call(SYSTEM, () -> jpa.operator(em -> CrashRecovery.recover(em, mediaStore, crashedAt, acds.values())));
        for (String[] cdr : r.cdrs()) {
            // billing rates each CDR once it is committed (its run rates what an event missed)
            publish(cdr[0], io.seatline.telephony.TelephonyEvents.CDR_WRITTEN, Map.of("call.id", cdr[1]));
        }
        java.nio.file.Files.createDirectories(alive.getParent());
        java.nio.file.Files.write(alive, new byte[0]);
    }

    /** Queue figures count the tenant's day; after a start they go on from the day's CDRs instead of from zero. */
    private void rebuildQueueFigures() {
        for (TenantAcd acd : acds.values()) {
            if (acd.queues.isEmpty()) {
                continue;
            }
            java.time.LocalDate today = acd.today();
            Instant midnight = today.atStartOfDay(acd.zone).toInstant();
            List<Object[]> rows = TenantContext.call(SYSTEM, () -> jpa.operator(em -> em.createQuery("select c.queueName, c.answeredAt, "
                + "c.disposition, c.waitMs from CdrEntity c where c.tenantId = :t and c.offeredAt >= :m and c.queueName is not null", Object[].class)
                .setParameter("t", acd.tenantId).setParameter("m", midnight).getResultList()));
            onActor(acd.tenantId, () -> {
                acd.queues.values().forEach(q -> q.on(today));
                for (Object[] row : rows) {
                    QueueRuntime q = acd.queues.get((String) row[0]);
                    if (q == null) {
                        continue;
                    }
                    q.offered++;
                    if (row[1] != null) {
                        q.answered++;
                        if ((Long) row[3] < q.def.serviceLevelSeconds() * 1000L) {
                            q.answeredWithinSl++;
                        }
                    } else if ("ABANDONED".equals(row[2])) {
                        q.abandoned++;
                    }
                }
                return null;
            });
        }
    }

    /** Loads trunks, DIDs, queues and agents of every tenant (operator work at start). */
    private void load() {
        TenantContext.run(SYSTEM, () -> jpa.operator(em -> {
            trunks = readTrunks(em);
            em.createQuery("select d from DidEntity d", DidEntity.class).getResultList().forEach(d -> dids.put(d.number, did(d)));
            em.createQuery("select q from QueueEntity q order by q.name", QueueEntity.class).getResultList()
                .forEach(q -> acd(q.getTenantId()).queues.put(q.name, new QueueRuntime(queue(q))));
            em.createQuery("select a from AgentEntity a", AgentEntity.class).getResultList().forEach(this::cacheAgent);
            mediaStore.load(em);
            return null;
        }));
    }

    /** tenants/<id>/prompts and tenants/<id>/ivr of every existing tenant, imported in its context. */
    private void importTenantFiles() {
        java.nio.file.Path dir = tenantsDir();
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> sub = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path t : sub.filter(java.nio.file.Files::isDirectory).toList()) {
                importTenantFiles(t.getFileName().toString());
            }
        } catch (java.io.IOException e) {
            LOG.warn("tenant folders in {} not read: {}", dir, e.toString());
        }
    }

    /** tenants/<tenant>/prompts and ivr, if that folder exists and the tenant does. */
    private void importTenantFiles(String tenant) {
        java.nio.file.Path t = tenantsDir().resolve(tenant);
        if (!java.nio.file.Files.isDirectory(t)) {
            return;
        }
        try {
            directory.tenant(tenant);
        } catch (RuntimeException e) {
            return; // not a tenant (yet): imported when it is created
        }
        try {
            TenantContext.run(SYSTEM.withTenant(tenant), () -> mediaStore.importTenantFiles(t));
        } catch (RuntimeException e) {
            LOG.warn("files of tenant {} not imported: {}", tenant, e.toString());
        }
    }

    /** The tenants folder, as tenancy reads it: relative to the Seatline home unless absolute. */
    private java.nio.file.Path tenantsDir() {
        java.nio.file.Path home = java.nio.file.Paths.get(System.getProperty("karaf.base", "."));
        return home.resolve(cfg.tenants_dir().isBlank() ? "tenants" : cfg.tenants_dir());
    }

    /** What the media store needs from the live side. */
    private final class MediaLive implements MediaStore.Live {
        @Override
        public void record(String tenant, String callId, boolean on) {
            // a supervisor may record any call of the tenant, an agent only the call it is on
            io.seatline.core.CallContext ctx = TenantContext.current();
            boolean anyCall = ctx.isPermitted(io.seatline.core.Roles.perm(tenant, "calls", "supervise"));
            onCall(callId, call -> {
                if (!anyCall && (ctx.userId() == null || !ctx.userId().equals(call.agentUserId))) {
                    throw new io.seatline.core.ForbiddenException("not_your_call", "an agent can start or stop the recording of its own call only");
                }
                engine.callMedia.record(call, on);
            });
            audit(on ? "call.record.start" : "call.record.stop", callId, "tenant " + tenant);
        }

        @Override
        public void supervise(String tenant, String callId, String supervisorUserId, String mode) {
            onCall(callId, call -> engine.conference.supervise(call, supervisorUserId, mode));
            audit("call.supervise", callId, "tenant " + tenant + ", supervisor " + supervisorUserId + ", " + mode);
        }

        @Override
        public void stopSupervising(String tenant, String callId, String supervisorUserId) {
            onCall(callId, call -> engine.conference.stopSupervising(call, supervisorUserId));
        }

        @Override
        public void addParty(String tenant, String callId, TransferTarget target) {
            onCall(callId, call -> engine.conference.addParty(call, target));
            audit("call.add-party", callId, "tenant " + tenant + ", " + target);
        }

        @Override
        public boolean queueExists(String tenant, String queue) {
            return acd(tenant).queues.containsKey(queue);
        }

        @Override
        public void ensureQueue(String tenant, String queue) {
            if (!queueExists(tenant, queue)) {
                AcdService acdService = TelephonyServiceImpl.this.acdService;
                if (acdService == null) {
                    throw new io.seatline.core.UnavailableException("acd_unavailable", "the ACD service is not running");
                }
                // the caller saves an IVR menu (ivr:write) that names the queue: it is created as the telephony service
                Permissions.asService("telephony", () -> acdService.saveQueue(new io.seatline.telephony.QueueSpec(queue, null, null, null,
                    null, null, null, null, null, null, "default", 60, null)));
            }
        }

        @Override
        public String tenantZone(String tenant) {
            return tenantInfo(tenant, io.seatline.tenancy.Tenant::timezone);
        }

        @Override
        public String tenantLocale(String tenant) {
            return tenantInfo(tenant, io.seatline.tenancy.Tenant::locale);
        }

        @Override
        public void audit(String action, String target, String detail) {
            TelephonyServiceImpl.this.audit(action, target, detail);
        }

        @Override
        public Map<String, Object> relayStatus() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("enabled", media != null);
            if (media != null) {
                m.put("portsOpen", media.openLegs());
                m.put("sessionsTicking", media.sessionsTicking());
                m.put("packetsIn", media.packetsIn.sum());
                m.put("packetsOut", media.packetsOut.sum());
                m.put("packetsForeign", media.packetsForeign.sum());
                m.put("packetsMalformed", media.packetsMalformed.sum());
                m.put("packetsDropped", media.packetsDropped.sum());
                m.put("digits", media.digits.sum());
                m.put("digitsDropped", media.digitsDropped.sum());
                m.put("ticksLate", media.ticksLate.sum());
                m.put("recordingsOpen", media.recordings.get());
                m.put("framesRecorded", media.framesRecorded.sum());
            }
            return m;
        }
    }

    private final Map<String, io.seatline.tenancy.Tenant> tenantCache = new ConcurrentHashMap<>();

    private String tenantInfo(String tenant, java.util.function.Function<io.seatline.tenancy.Tenant, String> f) {
        try {
            io.seatline.tenancy.Tenant t = tenantCache.computeIfAbsent(tenant, k -> directory.tenant(k));
            return f.apply(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * After a restart agents who still hold a seat are logged in again (NOT_READY "login"): otherwise their seat
     * would be taken while telephony thinks them logged out, and they could not log in again.
     */
    private void restoreSeatedAgents() {
        for (TenantAcd acd : acds.values()) {
            if (acd.agents.isEmpty()) {
                continue;
            }
            try {
                List<io.seatline.tenancy.Seat> seated = TenantContext.call(SYSTEM.withTenant(acd.tenantId), () -> seats.overview().seats());
                onActor(acd.tenantId, () -> {
                    for (io.seatline.tenancy.Seat seat : seated) {
                        AgentRuntime a = seat.agentUserId() == null ? null : acd.agents.get(seat.agentUserId());
                        if (a != null && a.state == AgentState.LOGGED_OUT) {
                            a.seatId = seat.id();
                            acd.transition(a, AgentState.NOT_READY, "login", null);
                        }
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("Could not restore the seated agents of {}: {}", acd.tenantId, e.toString());
            }
        }
    }

    public TenantAcd acd(String tenantId) {
        TenantAcd acd = acds.get(tenantId);
        if (acd == null) {
            acd = acds.computeIfAbsent(tenantId, t -> new TenantAcd(t, new Actor(t, workers, backlog), engine));
            applyZone(acd);
        }
        return acd;
    }

    /** The tenant's time zone, which its queue figures' day follows (UTC when it has none or the tenant is unknown). */
    private void applyZone(TenantAcd acd) {
        String z = tenantInfo(acd.tenantId, io.seatline.tenancy.Tenant::timezone);
        try {
            acd.zone = z == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(z);
        } catch (java.time.DateTimeException e) {
            acd.zone = java.time.ZoneOffset.UTC;
        }
    }

    public void cacheAgent(AgentEntity a) {
        accounts.put(a.sipUser, new Registrar.Account(a.getTenantId(), a.userId, a.login, a.sipUser, a.sipHa1));
        TenantAcd acd = acd(a.getTenantId());
        AgentRuntime r = acd.agents.computeIfAbsent(a.userId, AgentRuntime::new);
        r.login = a.login;
        r.sipUser = a.sipUser;
        r.skills = Skills.parse(a.skills);
        r.staticContact = a.staticContact;
        r.autoAnswer = a.autoAnswer;
        r.symmetricRtp = a.symmetricRtp;
    }

    /** Runs {@code work} on the tenant's actor and waits for it (REST and shell calls). */
    public <T> T onActor(String tenant, Supplier<T> work) {
        TenantAcd acd = acd(tenant);
        CompletableFuture<T> f = new CompletableFuture<>();
        acd.actor.execute(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new io.seatline.core.UnavailableException("telephony_busy", "telephony of tenant " + tenant + " did not answer in time; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // =================================================================== Directory (for the engine)

    @Override
    public Trunk trunkFor(String ip, int port) {
        if (ip == null) {
            return null;
        }
        for (Trunk t : trunks) {
            if (t.enabled() && Sources.allows(t.allowedSources(), ip, port)) {
                return t;
            }
        }
        return null;
    }

    /** {@code host:port} is a trunk's peer: no agent's phone may be there, or calls for the agent would leave through a carrier. */
    public boolean isTrunkPeer(String hostPort) {
        for (Trunk t : trunks) {
            if ((t.host() + ":" + t.port()).equalsIgnoreCase(hostPort)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public io.seatline.telephony.BlockedNumber blocked(String tenantId, String caller) {
        return blacklist.match(tenantId, caller);
    }

    @Override
    public Did did(String number) {
        return dids.get(number);
    }

    Trunk trunk(String id) {
        return trunks.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }

    @Override
    public Trunk outboundTrunk(String tenant, String callerId) {
        Did d = callerId == null ? null : dids.get(callerId);
        if (d != null && d.trunkId() != null) {
            Trunk t = trunk(d.trunkId());
            if (t != null && t.enabled()) {
                return t;
            }
        }
        return trunks.stream().filter(Trunk::enabled).findFirst().orElse(null);
    }

    @Override
    public String defaultCallerId(String tenant) {
        return dids.values().stream().filter(d -> d.tenantId().equals(tenant)).map(Did::number).sorted().findFirst().orElse(null);
    }

    @Override
    public boolean ownsDid(String tenant, String number) {
        Did d = dids.get(number);
        return d != null && d.tenantId().equals(tenant);
    }

    @Override
    public RoutingStrategy plugin(String tenantId, String name) {
        for (Map.Entry<ServiceReference<RoutingStrategy>, GuardedStrategy> e : plugins.entrySet()) {
            Object scope = e.getKey().getProperty(RoutingStrategy.TENANT_ID);
            if ((scope == null || tenantId.equals(scope)) && name.equals(e.getValue().name())) {
                return e.getValue();
            }
        }
        return null;
    }

    // =================================================================== Events

    @Override
    public void publish(String tenantId, String topic, Map<String, Object> props) {
        Map<String, Object> p = SeatlineEvents.properties(topic, tenantId, "telephony", Instant.now(), props);
        eventAdmin.postEvent(new Event(topic, p));
        List<Consumer<Map<String, Object>>> subs = listeners.get(tenantId);
        if (subs != null && !subs.isEmpty()) {
            p.put("topic", topic);
            Map<String, Object> view = Map.copyOf(p);
            for (Consumer<Map<String, Object>> s : subs) {
                try {
                    s.accept(view);
                } catch (RuntimeException e) {
                    LOG.debug("realtime listener failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<Map<String, Object>> listener) {
        String tenant = TenantContext.requireTenant();
        Permissions.require("realtime", "read");
        List<Consumer<Map<String, Object>>> subs = listeners.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
        subs.add(listener);
        return () -> subs.remove(listener);
    }

    void registrationChanged(Registrar.Account account, boolean registered) {
        TenantAcd acd = acd(account.tenantId());
        acd.actor.execute(() -> {
            AgentRuntime a = acd.agents.get(account.userId());
            publish(account.tenantId(), io.seatline.telephony.TelephonyEvents.AGENT_TOPIC + (registered ? "REGISTERED" : "UNREGISTERED"),
                Map.of("user.id", account.userId(), "agent", account.login()));
            if (!registered && a != null && a.staticContact == null && a.state == AgentState.READY) {
                acd.transition(a, AgentState.NOT_READY, "unregistered", null);
            }
        });
    }

    // =================================================================== seat events and the login guard

    @Override
    public void beforeLogin(String tenantId, String userId) {
        TenantAcd acd = acds.get(tenantId);
        AgentRuntime a = acd == null ? null : acd.agents.get(userId);
        if (a == null) {
            return; // not a telephony agent (e.g. back-office work): nothing to check
        }
        if (a.staticContact == null && registrar.contact(a.sipUser) == null) {
            throw new ConflictException("phone_not_registered",
                "agent " + a.login + " can log in to a seat only from a registered SIP phone (" + a.sipUser + ") or with a static contact", "userId");
        }
    }

    @Override
    public void handleEvent(Event event) {
        String tenant = (String) event.getProperty(SeatlineEvents.TENANT_ID);
        String userId = (String) event.getProperty("user.id");
        String type = (String) event.getProperty(SeatlineEvents.TYPE);
        if (tenant != null && event.getTopic().startsWith(SeatlineEvents.TENANT_TOPIC)) {
            tenantCache.remove(tenant); // timezone or locale may have changed
            TenantAcd known = acds.get(tenant);
            if (known != null) {
                applyZone(known);
            }
            if ("CREATED".equals(type) && workers != null) {
                // a tenant provisioned after start (tenants/<id>.cfg, REST): its prompts and IVR folders are imported now,
                // on a worker (not the timer thread that rings and times calls)
                try {
                    workers.execute(() -> importTenantFiles(tenant));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    LOG.debug("telephony stopping: files of new tenant {} not imported", tenant);
                }
            }
            return;
        }
        if (tenant == null || userId == null) {
            return;
        }
        TenantAcd acd = acds.get(tenant);
        if (acd == null || !acd.agents.containsKey(userId)) {
            return;
        }
        acd.actor.execute(() -> {
            AgentRuntime a = acd.agents.get(userId);
            if (a == null) {
                return; // profile deleted meanwhile
            }
            if ("ASSIGNED".equals(type) && a.state == AgentState.LOGGED_OUT) {
                a.seatId = (String) event.getProperty("seat.id");
                acd.transition(a, AgentState.NOT_READY, "login", null);
            } else if ("RELEASED".equals(type) && a.state != AgentState.LOGGED_OUT) {
                if (a.state == AgentState.RESERVED || a.state == AgentState.ON_CALL) {
                    a.logoutAfterCall = true; // seat released under a call (user disabled, tenant suspended): out after it
                } else {
                    a.seatId = null;
                    acd.transition(a, AgentState.LOGGED_OUT, null, null);
                }
            }
        });
    }

    // =================================================================== calls (for the call service and media)

    /** Work on one call whose permission the caller (the media service) has checked already. */
    CallInfo onCall(String callId, Consumer<Call> action) {
        String tenant = TenantContext.requireTenant();
        return onActor(tenant, () -> {
            Call c = engine.control.require(acd(tenant), callId);
            action.accept(c);
            return c.info();
        });
    }

    /** Audit of an admin action; a failing audit row is logged by the audit service, never fails the action. */
    public void audit(String action, String target, String detail) {
        try {
            audit.record(action, target, detail);
        } catch (RuntimeException e) {
            LOG.error("audit of {} {} failed: {}", action, target, e.toString());
        }
    }

    public static void findQueueOr(EntityManager em, String name, String field) {
        if (Jpa.named(em, QueueEntity.class, name).isEmpty()) {
            throw new ValidationException("unknown_queue", "queue '" + name + "' does not exist", field);
        }
    }

    public static int range(Integer v, int dflt, int min, int max, String field) {
        int x = v == null ? dflt : v;
        if (x < min || x > max) {
            throw new ValidationException("out_of_range", field + " must be " + min + "-" + max, field);
        }
        return x;
    }

    // =================================================================== mapping

    static List<Trunk> readTrunks(EntityManager em) {
        return em.createQuery("select t from TrunkEntity t order by t.name", TrunkEntity.class).getResultList().stream()
            .map(TelephonyServiceImpl::trunk).toList();
    }

    static Trunk trunk(TrunkEntity e) {
        return new Trunk(e.id, e.name, e.host, e.port, e.transport, Arrays.stream(e.allowedSources.split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList(), e.callerId, e.enabled, e.symmetricRtp);
    }

    static Did did(DidEntity e) {
        return new Did(e.number, e.getTenantId(), e.queueName, e.trunkId, e.ivrMenu);
    }

    public static CallQueue queue(QueueEntity q) {
        return new CallQueue(q.name, q.displayName, Skills.parse(q.requiredSkills), q.priority, q.maxWaitSeconds, q.overflowQueue,
            q.serviceLevelSeconds, q.wrapUpSeconds, q.ringTimeoutSeconds, q.strategy, q.holdMusic, q.announceSeconds, q.survey);
    }

    public static AgentProfile profile(AgentEntity a) {
        return new AgentProfile(a.userId, a.getTenantId(), a.login, a.sipUser, Skills.parse(a.skills), a.staticContact, a.autoAnswer, a.symmetricRtp);
    }

    /** The node's SIP, media and ACD figures (TrunkAdmin serves them as the operator's status). */
    Map<String, Object> runtimeStatus() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(figures());
        m.put("sipPort", started.sip_port());
        m.put("sipTransports", started.sip_transports());
        m.put("ringTimeoutSeconds", cfg.ring_timeout_seconds());
        List<String> pending = restartKeys(started, cfg);
        if (!pending.isEmpty()) {
            m.put("pendingRestart", pending);
        }
        Instant since = drainingSince;
        if (since != null) {
            m.put("draining", Map.of("since", since.toString(), "callsInProgress", callsInProgress(), "rejectedCalls",
                engine.rejectedDraining.get()));
        }
        m.put("registrations", accounts.keySet().stream().filter(u -> registrar.contact(u) != null).count());
        m.put("tenants", acds.size());
        m.put("media", new MediaLive().relayStatus());
        return m;
    }

    /** Figures for health and benchmarks. */
    Map<String, Object> figures() {
        return Map.of("callsInSetup", engine.callsInSetup.get(), "rejectedOverload", engine.rejectedOverload.get(),
            "legs", engine.activeLegs(), "writerPending", writer.pending(), "writerCommits", writer.commits(), "writerRecords", writer.records(),
            "sipHandlerErrors", sip.handlerErrors.get(), "backlog", backlog.get());
    }
}
