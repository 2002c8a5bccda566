// Longer than ~600 lines: DialerServiceImpl holds the pacing ticker and outcome executor beside campaign, list, DNC
// and disposition CRUD; the pacing strategies and the simulator already live in pacing/ and sim/. Splitting the
// runtime from the CRUD services is the open part of issue 19.
package io.seatline.dialer.internal;

import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.CampaignStats;
import io.seatline.dialer.Contact;
import io.seatline.dialer.ContactList;
import io.seatline.dialer.DialerEvents;
import io.seatline.dialer.DialerService;
import io.seatline.dialer.Disposition;
import io.seatline.dialer.DispositionRequest;
import io.seatline.dialer.DncEntry;
import io.seatline.dialer.ImportReport;
import io.seatline.dialer.PacingState;
import io.seatline.dialer.PacingStrategy;
import io.seatline.dialer.internal.entity.AttemptEntity;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.dialer.internal.entity.ContactEntity;
import io.seatline.dialer.internal.entity.ContactListEntity;
import io.seatline.dialer.internal.entity.DispositionEntity;
import io.seatline.dialer.internal.entity.DncEntity;
import io.seatline.dialer.internal.list.ContactCsv;
import io.seatline.dialer.internal.list.DialRules;
import io.seatline.core.PhoneNumbers;
import io.seatline.dialer.internal.pacing.ProgressivePacing;
import io.seatline.dialer.internal.pacing.SeatlinePredictivePacing;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentProfile;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStatus;
import io.seatline.telephony.CallInfo;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.CallService;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.OriginateRequest;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.telephony.TransferTarget;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * The dialer: campaigns, lists and their import, DNC, dispositions and callbacks in the database; running campaigns
 * live here. Once a second each running campaign looks at its agents (from the ACD), its calls in flight and its
 * estimates, asks its pacing strategy how many calls to launch, picks that many callable contacts (the dial-time
 * rules are checked again for each) and originates them through telephony to the campaign's queue. Telephony's call
 * events tell it what became of each call.
 */
@Component(immediate = true, configurationPid = "seatline.dialer", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    service = {DialerService.class, EventHandler.class, DialerServiceImpl.class},
    property = EventConstants.EVENT_TOPIC + "=" + TelephonyEvents.CALL_TOPIC + "*")
@Designate(ocd = DialerConfig.class)
public class DialerServiceImpl implements DialerService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DialerServiceImpl.class);
    private static final CallContext SYSTEM = CallContext.operator("dialer");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Set<String> ACTIONS = Set.of("DONE", "CALLBACK", "MACHINE", "RETRY", "DNC");
    private static final List<Disposition> DEFAULT_DISPOSITIONS = List.of(new Disposition("sale", "Sale / 成交", "DONE"),
        new Disposition("callback", "Callback / 预约回拨", "CALLBACK"), new Disposition("not_interested", "Not interested / 不感兴趣", "DONE"),
        new Disposition("wrong_number", "Wrong number / 号码错误", "DONE"), new Disposition("dnc", "Do not call / 勿扰", "DNC"),
        new Disposition("answering_machine", "Answering machine / 答录机", "MACHINE"), new Disposition("no_decision", "Call again / 再联系", "RETRY"));
    /** Contact statuses that may be dialled (when due). */
    private static final List<String> CALLABLE = List.of("NEW", "RETRY", "CALLBACK");

    @Reference(target = "(osgi.unit.name=seatline-dialer)")
    private EntityManagerFactory emf;
    @Reference
    private CallService calls;
    @Reference
    private AcdService acd;
    @Reference
    private UserService users;
    @Reference
    private TenantService tenants;
    @Reference
    private AuditService audit;
    @Reference
    private EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MediaService media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    private volatile Clock injectedClock;

    private final Map<ServiceReference<PacingStrategy.Factory>, PacingStrategy.Factory> plugins = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPacing(PacingStrategy.Factory f, ServiceReference<PacingStrategy.Factory> ref) {
        plugins.put(ref, f);
        LOG.info("Pacing strategy {} available for tenant {}", f.name(), ref.getProperty(PacingStrategy.TENANT_ID));
    }

    void unbindPacing(PacingStrategy.Factory f, ServiceReference<PacingStrategy.Factory> ref) {
        plugins.remove(ref);
    }

    private Jpa jpa;
    private volatile DialerConfig cfg;
    private java.util.concurrent.ScheduledFuture<?> pacing;
    private ScheduledExecutorService ticker;
    /** Applies call outcomes in the order telephony published them. */
    private ExecutorService outcomes;
    private ExecutorService imports;
    private final Map<String, CampaignRun> running = new ConcurrentHashMap<>();
    private final Map<String, ImportReport> reports = new ConcurrentHashMap<>();
    private Instant lastTick;

    @Activate
    void activate(DialerConfig config) {
        cfg = config;
        jpa = new Jpa(emf);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "seatline-dialer-pacing"));
        outcomes = Executors.newSingleThreadExecutor(r -> daemon(r, "seatline-dialer-outcomes"));
        imports = Executors.newSingleThreadExecutor(r -> daemon(r, "seatline-dialer-import"));
        // campaigns that were running when the node stopped run again
        List<CampaignEntity> live = TenantContext.call(SYSTEM, () -> jpa.operator(em -> em.createQuery(
            "select c from CampaignEntity c where c.status = 'RUNNING'", CampaignEntity.class).getResultList()));
        for (CampaignEntity c : live) {
            try {
                TenantContext.run(SYSTEM.withTenant(c.getTenantId()), () -> running.put(c.id, newRun(c)));
            } catch (RuntimeException e) {
                LOG.warn("Campaign {} of {} cannot resume: {}", c.name, c.getTenantId(), e.getMessage());
            }
        }
        pacing = ticker.scheduleWithFixedDelay(this::tickAll, cfg.tick_ms(), cfg.tick_ms(), TimeUnit.MILLISECONDS);
    }

    /**
     * etc/seatline.dialer.cfg edited: the pacing period and the ringing cap apply from the next tick; running
     * campaigns, their calls and imports in progress are untouched.
     */
    @Modified
    synchronized void modified(DialerConfig config) {
        DialerConfig before = cfg;
        cfg = config;
        if (before.tick_ms() != config.tick_ms()) {
            pacing.cancel(false);
            pacing = ticker.scheduleWithFixedDelay(this::tickAll, config.tick_ms(), config.tick_ms(), TimeUnit.MILLISECONDS);
        }
        LOG.info("seatline.dialer reconfigured without a restart: tick {} ms, at most {} ringing per agent", config.tick_ms(),
            config.max_ringing_per_agent());
    }

    @Deactivate
    void deactivate() {
        ticker.shutdownNow();
        outcomes.shutdown();
        imports.shutdownNow();
        try {
            outcomes.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.clear();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    Instant now() {
        Clock c = injectedClock;
        return c == null ? Instant.now() : c.instant();
    }

    // =================================================================== campaigns

    @Override
    public List<Campaign> campaigns() {
        Permissions.require("campaigns", "read");
        return jpa.tenant(em -> em.createQuery("select c from CampaignEntity c order by c.name", CampaignEntity.class).getResultList()
            .stream().map(this::campaign).toList());
    }

    @Override
    public Campaign campaign(String id) {
        Permissions.require("campaigns", "read");
        return campaignOf(id);
    }

    /** The campaign, for work whose own permission was checked (an agent's preview, an import). */
    private Campaign campaignOf(String id) {
        return jpa.tenant(em -> campaign(Jpa.get(em, CampaignEntity.class, id, "campaign")));
    }

    private Campaign campaign(CampaignEntity c) {
        CampaignRun run = running.get(c.id);
        return new Campaign(c.id, spec(c), c.status, run == null ? null : run.waiting, c.createdAt, c.updatedAt);
    }

    static CampaignSpec spec(CampaignEntity c) {
        try {
            return JSON.readValue(c.specJson, CampaignSpec.class);
        } catch (Exception e) {
            throw new IllegalStateException("campaign " + c.id + " has unreadable settings", e);
        }
    }

    private CampaignSpec resolve(CampaignSpec spec) {
        Tenant t = tenant();
        CampaignSpec s = Specs.resolve(spec, t.timezone(), t.phoneCountry());
        if (queueOf(s.queue()) == null) {
            throw new ValidationException("unknown_queue", "queue '" + s.queue() + "' does not exist", "queue");
        }
        Set<String> known = new HashSet<>();
        acd.agents().forEach(a -> known.add(a.userId()));
        for (String u : s.agentUserIds()) {
            if (!known.contains(u)) {
                throw new ValidationException("unknown_agent", "'" + u + "' is not an agent of the tenant", "agentUserIds");
            }
        }
        if (s.pacing() != null && factory(TenantContext.requireTenant(), s.pacing()) == null) {
            throw new ValidationException("unknown_pacing", "no pacing strategy '" + s.pacing() + "' for this tenant", "pacing");
        }
        return s;
    }

    private Tenant tenant() {
        String id = TenantContext.requireTenant();
        return TenantContext.call(SYSTEM, () -> tenants.get(id));
    }

    @Override
    public Campaign createCampaign(CampaignSpec spec) {
        Permissions.require("campaigns", "write");
        CampaignSpec s = resolve(spec);
        Campaign c = jpa.tenant(em -> {
            if (Jpa.named(em, CampaignEntity.class, s.name()).isPresent()) {
                throw new ConflictException("campaign_exists", "a campaign named '" + s.name() + "' exists", "name");
            }
            CampaignEntity e = new CampaignEntity();
            e.id = UUID.randomUUID().toString();
            e.name = s.name();
            e.mode = s.mode();
            e.status = "STOPPED";
            e.specJson = json(s);
            e.createdAt = now();
            e.updatedAt = e.createdAt;
            em.persist(e);
            return campaign(e);
        });
        audit.record("campaign.create", c.id(), s.name() + " " + s.mode());
        return c;
    }

    @Override
    public Campaign updateCampaign(String id, CampaignSpec spec) {
        Permissions.require("campaigns", "write");
        CampaignSpec s = resolve(spec);
        Campaign c = jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            if (!e.name.equals(s.name()) && Jpa.named(em, CampaignEntity.class, s.name()).isPresent()) {
                throw new ConflictException("campaign_exists", "a campaign named '" + s.name() + "' exists", "name");
            }
            e.name = s.name();
            e.mode = s.mode();
            e.specJson = json(s);
            e.updatedAt = now();
            return campaign(e);
        });
        CampaignRun run = running.get(id);
        if (run != null) {
            run.spec = s;
            run.policy = Specs.policy(s, holidays());
            run.agentsResolvedAt = Instant.EPOCH;
        }
        audit.record("campaign.update", id, s.name());
        return c;
    }

    @Override
    public void deleteCampaign(String id) {
        Permissions.require("campaigns", "write");
        jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            if (!"STOPPED".equals(e.status)) {
                throw new ConflictException("campaign_active", "stop the campaign before deleting it", "status");
            }
            Jpa.bulk(em, "delete from AttemptEntity a where a.campaignId = :c").setParameter("c", id).executeUpdate();
            Jpa.bulk(em, "delete from ContactEntity c where c.campaignId = :c").setParameter("c", id).executeUpdate();
            Jpa.bulk(em, "delete from ContactListEntity l where l.campaignId = :c").setParameter("c", id).executeUpdate();
            em.remove(e);
            return null;
        });
        audit.record("campaign.delete", id, null);
    }

    @Override
    public Campaign start(String id) {
        Permissions.require("campaigns", "control");
        String tenant = TenantContext.requireTenant();
        Campaign c = jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            CampaignSpec s = spec(e);
            if (eligibleAgents(s, queueOf(s.queue())).isEmpty()) {
                throw new ConflictException("no_agents", "no agent can work this campaign: assign agents whose skills the queue '" + s.queue()
                    + "' admits", "agentUserIds");
            }
            long callable = em.createQuery("select count(c) from ContactEntity c, ContactListEntity l where l.id = c.listId and c.campaignId = :c"
                    + " and l.status = 'ACTIVE' and c.status in :st", Long.class).setParameter("c", id).setParameter("st", CALLABLE).getSingleResult();
            if (callable == 0) {
                throw new ConflictException("no_contacts", "the campaign has no contact left to call: import or recycle a list", "lists");
            }
            e.status = "RUNNING";
            e.updatedAt = now();
            return campaign(e);
        });
        running.computeIfAbsent(id, k -> jpa.tenant(em -> newRun(Jpa.get(em, CampaignEntity.class, id, "campaign"))));
        audit.record("campaign.start", id, c.spec().name());
        publishCampaign(tenant, id, "STARTED", "RUNNING", null);
        return campaignOf(id);
    }

    @Override
    public Campaign pause(String id) {
        Permissions.require("campaigns", "control");
        return setStatus(id, "PAUSED");
    }

    @Override
    public Campaign stop(String id) {
        Permissions.require("campaigns", "control");
        return setStatus(id, "STOPPED");
    }

    private Campaign setStatus(String id, String status) {
        String tenant = TenantContext.requireTenant();
        Campaign c = jpa.tenant(em -> {
            CampaignEntity e = Jpa.get(em, CampaignEntity.class, id, "campaign");
            e.status = status;
            e.updatedAt = now();
            return campaign(e);
        });
        CampaignRun run = running.remove(id);
        if (run != null && !run.flights.isEmpty()) {
            // calls in flight finish; their outcomes are still recorded
            finishing.put(id, run);
        }
        audit.record("campaign." + status.toLowerCase(Locale.ROOT), id, c.spec().name());
        publishCampaign(tenant, id, status, status, null);
        return new Campaign(c.id(), c.spec(), c.status(), null, c.createdAt(), c.updatedAt());
    }

    /** Stopped or paused campaigns whose calls are still in flight. */
    private final Map<String, CampaignRun> finishing = new ConcurrentHashMap<>();

    private CampaignRun newRun(CampaignEntity e) {
        CampaignSpec s = spec(e);
        PacingStrategy strategy = switch (s.mode()) {
            case "PROGRESSIVE" -> new ProgressivePacing();
            case "PREDICTIVE" -> {
                PacingStrategy.Factory f = s.pacing() == null ? null : factory(e.getTenantId(), s.pacing());
                yield f == null ? new SeatlinePredictivePacing() : f.create();
            }
            default -> state -> 0; // PREVIEW: agents pull contacts
        };
        CampaignRun run = new CampaignRun(e.getTenantId(), e.id, s, Specs.policy(s, holidays()), strategy, now());
        run.status = "RUNNING";
        readWindow(run);
        sweepLost(run);
        return run;
    }

    /**
     * Contacts left DIALLING by calls this node no longer follows (it stopped mid-call) and whose call must be over by
     * now: their attempt ends FAILED ("lost") and they are tried again by the rules.
     */
    private void sweepLost(CampaignRun run) {
        Instant now = now();
        Instant before = now.minusSeconds(run.spec.ringTimeoutSeconds() + 4 * 3600L);
        int n = jpa.tenant(em -> {
            List<ContactEntity> lost = em.createQuery("select c from ContactEntity c where c.campaignId = :c and c.status = 'DIALLING'"
                + " and c.lastAttemptAt < :t", ContactEntity.class).setParameter("c", run.id).setParameter("t", before).getResultList();
            for (ContactEntity c : lost) {
                em.createQuery("select a from AttemptEntity a where a.contactId = :c and a.endedAt is null", AttemptEntity.class)
                    .setParameter("c", c.id).getResultList().forEach(a -> {
                        a.endedAt = now;
                        a.outcome = a.outcome == null ? "FAILED" : a.outcome;
                        a.note = "lost";
                    });
                settle(em, run.spec, run.policy, c, "FAILED", now);
            }
            return lost.size();
        });
        if (n > 0) {
            LOG.info("Campaign {}: {} contacts left dialling by a stopped node are callable again", run.spec.name(), n);
        }
    }

    private PacingStrategy.Factory factory(String tenant, String name) {
        for (Map.Entry<ServiceReference<PacingStrategy.Factory>, PacingStrategy.Factory> e : plugins.entrySet()) {
            if (tenant.equals(e.getKey().getProperty(PacingStrategy.TENANT_ID)) && name.equals(e.getValue().name())) {
                return e.getValue();
            }
        }
        return null;
    }

    private Set<LocalDate> holidays() {
        MediaService m = media;
        if (m == null) {
            return Set.of();
        }
        try {
            // the tenant's holidays shape every retry, whoever disposes the call: read as the dialer service
            return Set.copyOf(Permissions.asService("dialer", m::calendar).holidays());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    /** The abandon window's live answers and abandoned calls, read from the attempts. */
    private void readWindow(CampaignRun run) {
        Instant now = now();
        Instant from = windowStart(run.spec, now);
        Map<String, Long> counts = counts(run.id, from, now.plusSeconds(1));
        run.windowRead(counts.get("answered"), counts.get("abandoned"), now);
    }

    static Instant windowStart(CampaignSpec s, Instant now) {
        if ("DAY".equals(s.abandonWindow())) {
            ZoneId z = ZoneId.of(s.timezone());
            return now.atZone(z).toLocalDate().atStartOfDay(z).toInstant();
        }
        return now.minus(Duration.ofDays(30));
    }

    @Override
    public Map<String, Long> abandonCounts(String campaignId, Instant from, Instant to) {
        Permissions.require("campaigns", "read");
        jpa.tenant(em -> Jpa.get(em, CampaignEntity.class, campaignId, "campaign"));
        return counts(campaignId, from, to);
    }

    private Map<String, Long> counts(String campaignId, Instant from, Instant to) {
        return jpa.tenant(em -> {
            long answered = em.createQuery("select count(a) from AttemptEntity a where a.campaignId = :c and a.answeredAt >= :f and a.answeredAt < :t",
                Long.class).setParameter("c", campaignId).setParameter("f", from).setParameter("t", to).getSingleResult();
            long abandoned = em.createQuery("select count(a) from AttemptEntity a where a.campaignId = :c and a.answeredAt >= :f and a.answeredAt < :t"
                + " and a.outcome = 'ABANDONED'", Long.class).setParameter("c", campaignId).setParameter("f", from).setParameter("t", to).getSingleResult();
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("answered", answered);
            m.put("abandoned", abandoned);
            return m;
        });
    }

    @Override
    public CampaignStats stats(String id) {
        Permissions.require("campaigns", "read");
        Campaign c = campaignOf(id);
        CampaignRun run = running.get(id);
        long remaining = remaining(id);
        if (run == null) {
            Instant now = now();
            Map<String, Long> w = counts(id, windowStart(c.spec(), now), now.plusSeconds(1));
            return new CampaignStats(id, c.spec().name(), c.spec().mode(), c.status(), null, null, 0, 0, 0, 0, 0, w.get("answered"),
                w.get("abandoned"), percent(w.get("abandoned"), w.get("answered")), c.spec().abandonTargetPercent(), 0, 0, 0, BigDecimal.ZERO,
                remaining, 0, 0, 0);
        }
        return stats(run, c.status(), remaining);
    }

    private CampaignStats stats(CampaignRun run, String status, long remaining) {
        synchronized (run) {
            return new CampaignStats(run.id, run.spec.name(), run.spec.mode(), status, run.waiting, run.since, run.dialled, run.answered,
                run.abandoned, run.connected, run.ringing(), run.windowAnswered(), run.windowAbandoned(),
                percent(run.windowAbandoned(), run.windowAnswered()), run.spec.abandonTargetPercent(), run.lastLoggedIn, run.lastReady,
                run.lastBusy, BigDecimal.valueOf(run.occupancy()).setScale(3, RoundingMode.HALF_UP), remaining, run.liveRate(), run.meanRing(),
                run.meanHandle());
        }
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(2) : BigDecimal.valueOf(part * 100.0 / whole).setScale(2, RoundingMode.HALF_UP);
    }

    private long remaining(String campaignId) {
        return jpa.tenant(em -> em.createQuery("select count(c) from ContactEntity c where c.campaignId = :c and c.status in :st", Long.class)
            .setParameter("c", campaignId).setParameter("st", List.of("NEW", "RETRY", "CALLBACK", "DIALLING", "PREVIEW")).getSingleResult());
    }

    // =================================================================== agents of a campaign

    /** The tenant's queue of that name, or null. */
    private CallQueue queueOf(String name) {
        try {
            return acd.queue(name);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** The agents who may work the campaign: assigned (or all) and admitted by the skills of its queue {@code q}. */
    private Set<String> eligibleAgents(CampaignSpec s, CallQueue q) {
        if (q == null) {
            return Set.of();
        }
        Set<String> assigned = new HashSet<>(s.agentUserIds());
        if (!s.teamIds().isEmpty()) {
            for (int offset = 0; ; offset += Page.MAX_LIMIT) {
                Page<User> page = users.list(offset, Page.MAX_LIMIT);
                for (User u : page.items()) {
                    if (u.teamId() != null && s.teamIds().contains(u.teamId())) {
                        assigned.add(u.id());
                    }
                }
                if (offset + Page.MAX_LIMIT >= page.total()) {
                    break;
                }
            }
        }
        boolean all = s.agentUserIds().isEmpty() && s.teamIds().isEmpty();
        Set<String> out = new HashSet<>();
        for (AgentProfile a : acd.agents()) {
            if ((all || assigned.contains(a.userId())) && q.admits(a.skills())) {
                out.add(a.userId());
            }
        }
        return out;
    }

    // =================================================================== pacing

    private void tickAll() {
        Instant now = now();
        double seconds = lastTick == null ? cfg.tick_ms() / 1000.0 : Math.max(0, Duration.between(lastTick, now).toMillis() / 1000.0);
        lastTick = now;
        Map<String, List<CampaignRun>> byTenant = new HashMap<>();
        for (CampaignRun run : running.values()) {
            byTenant.computeIfAbsent(run.tenantId, k -> new ArrayList<>()).add(run);
        }
        for (Map.Entry<String, List<CampaignRun>> e : byTenant.entrySet()) {
            try {
                TenantContext.run(SYSTEM.withTenant(e.getKey()), () -> tickTenant(e.getValue(), now, seconds));
            } catch (RuntimeException ex) {
                LOG.warn("Dialer tick of {} failed: {}", e.getKey(), ex.toString(), ex);
            }
        }
        finishing.values().removeIf(r -> r.flights.isEmpty());
    }

    /**
     * One pacing step for a tenant's running campaigns. A ready agent who works several of them is counted for one
     * only (the one with the fewest ready agents so far), so shared agents are never promised twice.
     */
    private void tickTenant(List<CampaignRun> runs, Instant now, double seconds) {
        List<AgentStatus> statuses = acd.agentStatuses();
        Set<String> claimed = new HashSet<>();
        runs.sort((a, b) -> Integer.compare(a.lastReady, b.lastReady));
        for (CampaignRun run : runs) {
            try {
                tick(run, statuses, claimed, now, seconds);
            } catch (RuntimeException ex) {
                LOG.warn("Campaign {} tick failed: {}", run.spec.name(), ex.toString(), ex);
            }
        }
    }

    private void tick(CampaignRun run, List<AgentStatus> statuses, Set<String> claimed, Instant now, double seconds) {
        CampaignSpec s = run.spec;
        if (Duration.between(run.agentsResolvedAt, now).toSeconds() >= 30) {
            CallQueue q = queueOf(s.queue());
            run.agents = eligibleAgents(s, q);
            run.agentsResolvedAt = now;
            if (q != null) {
                run.wrapUpSeconds = q.wrapUpSeconds();
            }
        }
        if ("DAY".equals(s.abandonWindow()) ? !windowStart(s, now).equals(windowStart(s, run.windowReadAt))
            : Duration.between(run.windowReadAt, now).toSeconds() >= 60) {
            readWindow(run);
        }
        int ready = 0;
        int busy = 0;
        int talking = 0;
        Set<String> ourCalls = new HashSet<>();
        run.flights.values().forEach(f -> {
            if (f.callId != null) {
                ourCalls.add(f.callId);
            }
        });
        for (AgentStatus a : statuses) {
            if (!run.agents.contains(a.userId()) || !a.registered()) {
                continue;
            }
            if (a.state() == AgentState.READY) {
                if (claimed.add(a.userId())) {
                    ready++;
                }
            } else if ((s.queue().equals(a.queue()) || ourCalls.contains(a.callId())) && (a.state() == AgentState.ON_CALL || a.state() == AgentState.RESERVED
                || a.state() == AgentState.WRAP_UP)) {
                busy++;
                if (a.state() != AgentState.WRAP_UP) {
                    talking++;
                }
            }
        }
        int loggedIn = ready + busy;
        run.agentSeconds(loggedIn, ready, busy, seconds);
        String waiting = null;
        int launched = 0;
        if (loggedIn == 0) {
            waiting = "no_agents";
        } else if (!"PREVIEW".equals(s.mode())) {
            PacingState state = run.state(now, loggedIn, ready, busy, talking);
            int n = Math.max(0, run.strategy.callsToLaunch(state));
            n = Math.min(n, cfg.max_ringing_per_agent() * loggedIn - state.callsRinging());
            if (n > 0) {
                Launch l = launch(run, n, now);
                launched = l.launched;
                waiting = l.waiting;
            } else if (run.flights.isEmpty() && Duration.between(run.remainingAt, now).toSeconds() >= 10) {
                run.remaining = remaining(run.id);
                run.remainingAt = now;
                waiting = run.remaining == 0 ? "no_contacts" : null;
            } else {
                waiting = run.remaining == 0 && run.flights.isEmpty() ? "no_contacts" : null;
            }
        }
        if (!java.util.Objects.equals(waiting, run.waiting)) {
            run.waiting = waiting;
            publishCampaign(run.tenantId, run.id, "WAITING", "RUNNING", waiting);
        }
        if (launched > 0 || ((long) (now.toEpochMilli() / 1000)) % 5 == 0) {
            publishStats(run);
        }
    }

    private record Launch(int launched, String waiting) {
    }

    /** A contact picked for dialling and its attempt (written before the call is placed). */
    private record Pick(ContactEntity contact, AttemptEntity attempt) {
    }

    /** Picks up to {@code n} callable contacts (rules checked again now) and originates them. */
    private Launch launch(CampaignRun run, int n, Instant now) {
        CampaignSpec s = run.spec;
        List<Pick> picks = jpa.tenant(em -> pick(em, run, n, now, null));
        if (picks.isEmpty()) {
            long left = remaining(run.id) - run.flights.size();
            run.remaining = left;
            run.remainingAt = now;
            return new Launch(0, left <= 0 ? "no_contacts" : "nothing_due");
        }
        int launched = 0;
        for (Pick p : picks) {
            CampaignRun.Flight f = run.track(new CampaignRun.Flight(p.attempt.id, p.contact.id, now));
            TransferTarget target = p.contact.callbackAgent != null && "CALLBACK".equals(p.contact.status)
                ? new TransferTarget(p.contact.callbackAgent, null, null) : new TransferTarget(null, s.queue(), null);
            if (dial(run, f, p.contact, target, true)) {
                launched++;
            }
        }
        return new Launch(launched, null);
    }

    /** Originates a picked contact; a refusal is recorded as a FAILED attempt. */
    private boolean dial(CampaignRun run, CampaignRun.Flight f, ContactEntity c, TransferTarget target, boolean connectLimit) {
        CampaignSpec s = run.spec;
        Map<String, String> data = new LinkedHashMap<>();
        data.put(DialerEvents.DATA_CAMPAIGN, run.id);
        data.put(DialerEvents.DATA_CONTACT, c.id);
        data.put(DialerEvents.DATA_ATTEMPT, f.attemptId);
        data.put("campaign", s.name());
        if (c.name != null) {
            data.put("name", c.name);
        }
        fields(c).forEach((k, v) -> {
            if (data.size() < 40 && k.length() <= 64 && v != null && v.length() <= 1000) {
                data.putIfAbsent(k, v);
            }
        });
        try {
            CallInfo call = calls.originate(new OriginateRequest(c.phone, target, s.callerId(), s.ringTimeoutSeconds(), data,
                connectLimit ? s.connectSeconds() : null, s.safeHarbourPrompt()));
            f.callId = call.id();
            outcomes.execute(() -> inTenant(run.tenantId, () -> jpa.tenant(em -> {
                AttemptEntity a = Jpa.find(em, AttemptEntity.class, f.attemptId);
                if (a != null && a.callId == null) {
                    a.callId = call.id();
                }
                return null;
            })));
            publishAttempt(run, f, "DIALLED", null);
            return true;
        } catch (RuntimeException e) {
            LOG.info("Campaign {}: cannot dial {}: {}", s.name(), c.phone, e.getMessage());
            run.flights.remove(f.attemptId);
            String code = e instanceof io.seatline.core.SeatlineException se ? se.code() : "failed";
            outcomes.execute(() -> inTenant(run.tenantId, () -> finish(run, f, "FAILED", code, now())));
            if ("no_trunk".equals(code) || "invalid_caller_id".equals(code)) {
                run.waiting = code;
            }
            return false;
        }
    }

    /**
     * Up to {@code n} due contacts of the campaign that pass the dial-time rules, marked DIALLING (or reserved for the
     * previewing agent) with their attempt written. Those refused now get their next possible instant.
     */
    private List<Pick> pick(EntityManager em, CampaignRun run, int n, Instant now, String previewAgent) {
        List<ContactEntity> due = em.createQuery("select c from ContactEntity c where c.campaignId = :c and c.status in :st and c.nextAt <= :now"
                + " and c.listId in (select l.id from ContactListEntity l where l.campaignId = :c and l.status = 'ACTIVE')"
                + " order by c.nextAt, c.lineNo", ContactEntity.class)
            .setParameter("c", run.id).setParameter("st", CALLABLE).setParameter("now", now).setMaxResults(Math.max(20, n * 4)).getResultList();
        Set<String> dnc = dncOf(em, due.stream().map(c -> c.phone).toList());
        List<Pick> picks = new ArrayList<>();
        for (ContactEntity c : due) {
            if (picks.size() >= n) {
                break;
            }
            if (c.callbackAgent != null && "CALLBACK".equals(c.status) && (previewAgent == null ? !agentReady(c.callbackAgent)
                : !previewAgent.equals(c.callbackAgent))) {
                continue; // a personal callback waits for its agent
            }
            DialRules.Decision d = DialRules.check(run.policy, rulesView(c, run.spec), now, dnc::contains);
            if (!d.allowed()) {
                c.nextAt = d.notBefore();
                if (d.notBefore() == null) {
                    c.status = "dnc".equals(d.reason()) ? "BLOCKED" : "DONE";
                    if ("dnc".equals(d.reason())) {
                        c.lastOutcome = "DNC";
                    }
                }
                c.updatedAt = now;
                continue;
            }
            c.status = previewAgent == null ? "DIALLING" : "PREVIEW";
            c.reservedBy = previewAgent;
            c.updatedAt = now;
            AttemptEntity a = null;
            if (previewAgent == null) {
                a = attempt(em, c, run.id, now);
            }
            picks.add(new Pick(c, a));
        }
        return picks;
    }

    private AttemptEntity attempt(EntityManager em, ContactEntity c, String campaignId, Instant now) {
        c.attempts++;
        c.lastAttemptAt = now;
        AttemptEntity a = new AttemptEntity();
        a.id = UUID.randomUUID().toString();
        a.contactId = c.id;
        a.campaignId = campaignId;
        a.startedAt = now;
        em.persist(a);
        return a;
    }

    private boolean agentReady(String userId) {
        try {
            AgentStatus s = acd.agentStatus(userId);
            return s != null && s.state() == AgentState.READY && s.registered();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static DialRules.Contact rulesView(ContactEntity c, CampaignSpec s) {
        ZoneId zone;
        try {
            zone = ZoneId.of(c.timezone == null ? s.timezone() : c.timezone);
        } catch (DateTimeException e) {
            zone = ZoneId.of(s.timezone());
        }
        return new DialRules.Contact(c.phone, zone, c.attempts, "CALLBACK".equals(c.status) ? "CALLBACK" : c.lastOutcome, c.lastAttemptAt,
            c.lastAbandonAt, "CALLBACK".equals(c.status) ? c.callbackAt : null);
    }

    /** Which of {@code phones} are on the tenant's or the operator's DNC list. */
    private static Set<String> dncOf(EntityManager em, List<String> phones) {
        if (phones.isEmpty()) {
            return Set.of();
        }
        String tenant = TenantContext.requireTenant();
        Set<String> out = new HashSet<>();
        for (int i = 0; i < phones.size(); i += 500) {
            List<String> chunk = phones.subList(i, Math.min(phones.size(), i + 500));
            // native: the operator's rows (tenant_id null) are outside the tenant filter on purpose
            @SuppressWarnings("unchecked")
            List<String> hits = em.createNativeQuery("select phone from sl_dnc where phone in (:p) and (tenant_id = :t or tenant_id is null)")
                .setParameter("p", chunk).setParameter("t", tenant).getResultList();
            out.addAll(hits);
        }
        return out;
    }

    // =================================================================== call outcomes

    @Override
    public void handleEvent(Event event) {
        Object attempt = event.getProperty(DialerEvents.DATA_ATTEMPT);
        if (attempt == null) {
            return;
        }
        String campaignId = String.valueOf(event.getProperty(DialerEvents.DATA_CAMPAIGN));
        CampaignRun run = running.get(campaignId);
        if (run == null) {
            run = finishing.get(campaignId);
        }
        String type = String.valueOf(event.getProperty(SeatlineEvents.TYPE));
        if (run == null) {
            String tenant = String.valueOf(event.getProperty(SeatlineEvents.TENANT_ID));
            if ("ENDED".equals(type)) {
                // a call of a campaign this node no longer runs (restart): its attempt still gets its outcome
                outcomes.execute(() -> inTenant(tenant, () -> finishOrphan(attempt.toString())));
            }
            return;
        }
        CampaignRun.Flight f = run.flights.get(attempt.toString());
        if (f == null) {
            return;
        }
        Instant now = now();
        CampaignRun r = run;
        switch (type) {
            case "CUSTOMER_ANSWERED" -> {
                f.answeredAt = now;
                r.ringEnded(Duration.between(f.dialledAt, now).toMillis() / 1000.0, true);
                outcomes.execute(() -> inTenant(r.tenantId, () -> jpa.tenant(em -> {
                    AttemptEntity a = Jpa.find(em, AttemptEntity.class, f.attemptId);
                    if (a != null) {
                        a.answeredAt = now;
                    }
                    return null;
                })));
                publishAttempt(r, f, "ANSWERED", null);
            }
            case "ANSWERED" -> {
                f.connectedAt = now;
                f.agentUserId = (String) event.getProperty("user.id");
                synchronized (r) {
                    r.connected++;
                }
            }
            case "NO_AGENT" -> {
                f.abandoned = true;
                r.abandonedCall();
                outcomes.execute(() -> inTenant(r.tenantId, () -> abandoned(r, f, now)));
                publishAttempt(r, f, "ABANDONED", "ABANDONED");
            }
            case "ENDED" -> {
                run.flights.remove(f.attemptId);
                String outcome;
                if (f.abandoned) {
                    outcome = "ABANDONED";
                } else if (f.answeredAt == null) {
                    r.ringEnded(Duration.between(f.dialledAt, now).toMillis() / 1000.0, false);
                    String d = String.valueOf(event.getProperty("disposition"));
                    outcome = "BUSY".equals(d) || "NO_ANSWER".equals(d) ? d : "FAILED";
                } else if (f.connectedAt != null) {
                    outcome = "DONE";
                    r.handledCall(Duration.between(f.connectedAt, now).toMillis() / 1000.0 + r.wrapUpSeconds);
                } else {
                    outcome = "HUNG_UP";
                }
                String cause = String.valueOf(event.getProperty("cause"));
                outcomes.execute(() -> inTenant(r.tenantId, () -> finish(r, f, outcome, cause, now)));
                publishAttempt(r, f, "ENDED", outcome);
            }
            default -> {
            }
        }
    }

    private void inTenant(String tenant, Runnable work) {
        try {
            TenantContext.run(SYSTEM.withTenant(tenant), work);
        } catch (RuntimeException e) {
            LOG.warn("Dialer outcome of {} not recorded: {}", tenant, e.toString(), e);
        }
    }

    private Void abandoned(CampaignRun run, CampaignRun.Flight f, Instant now) {
        return jpa.tenant(em -> {
            AttemptEntity a = Jpa.find(em, AttemptEntity.class, f.attemptId);
            ContactEntity c = Jpa.find(em, ContactEntity.class, f.contactId);
            if (a != null) {
                a.outcome = "ABANDONED";
            }
            if (c != null) {
                c.lastAbandonAt = now;
                c.lastOutcome = "ABANDONED";
            }
            return null;
        });
    }

    /** Writes the attempt's outcome and where the contact stands now. */
    private Void finish(CampaignRun run, CampaignRun.Flight f, String outcome, String cause, Instant now) {
        return jpa.tenant(em -> {
            AttemptEntity a = Jpa.find(em, AttemptEntity.class, f.attemptId);
            ContactEntity c = Jpa.find(em, ContactEntity.class, f.contactId);
            if (a != null) {
                if (a.callId == null) {
                    a.callId = f.callId;
                }
                a.endedAt = now;
                if (a.disposition == null) {
                    a.outcome = outcome;
                }
                a.agentUserId = f.agentUserId;
                if (a.note == null && "FAILED".equals(outcome)) {
                    a.note = cause;
                }
            }
            if (c != null && (a == null || a.disposition == null)) {
                settle(em, run.spec, run.policy, c, outcome, now);
            }
            return null;
        });
    }

    private void finishOrphan(String attemptId) {
        jpa.tenant(em -> {
            AttemptEntity a = Jpa.find(em, AttemptEntity.class, attemptId);
            if (a == null || a.endedAt != null) {
                return null;
            }
            a.endedAt = now();
            if (a.outcome == null) {
                a.outcome = a.answeredAt == null ? "FAILED" : "DONE";
            }
            ContactEntity c = Jpa.find(em, ContactEntity.class, a.contactId);
            CampaignEntity ce = Jpa.find(em, CampaignEntity.class, a.campaignId);
            if (c != null && ce != null && "DIALLING".equals(c.status)) {
                CampaignSpec s = spec(ce);
                settle(em, s, Specs.policy(s, holidays()), c, a.outcome, now());
            }
            return null;
        });
    }

    /** The contact after an outcome: final, or when it may be tried again. */
    private void settle(EntityManager em, CampaignSpec s, DialRules.Policy policy, ContactEntity c, String outcome, Instant now) {
        c.lastOutcome = outcome;
        c.reservedBy = null;
        c.updatedAt = now;
        if (!DialRules.RETRYABLE.contains(outcome)) {
            c.status = "DNC".equals(outcome) ? "BLOCKED" : "DONE";
            c.nextAt = null;
            return;
        }
        if ("CALLBACK".equals(outcome)) {
            c.status = "CALLBACK";
            c.nextAt = c.callbackAt;
            return;
        }
        c.callbackAt = null;
        c.callbackAgent = null;
        DialRules.Decision d = DialRules.check(policy, rulesView(c, s), now, p -> false);
        if (d.allowed()) {
            c.status = "RETRY";
            c.nextAt = now;
        } else if (d.notBefore() == null) {
            c.status = "DONE";
            c.nextAt = null;
        } else {
            c.status = "RETRY";
            c.nextAt = d.notBefore();
        }
    }

    // =================================================================== dispositions

    @Override
    public List<Disposition> dispositions() {
        Permissions.require("campaigns", "self");
        return jpa.tenant(em -> {
            List<DispositionEntity> rows = em.createQuery("select d from DispositionEntity d order by d.position", DispositionEntity.class)
                .getResultList();
            if (rows.isEmpty()) {
                return DEFAULT_DISPOSITIONS;
            }
            return rows.stream().map(d -> new Disposition(d.code, d.label, d.action)).toList();
        });
    }

    @Override
    public List<Disposition> saveDispositions(List<Disposition> codes) {
        Permissions.require("campaigns", "write");
        if (codes == null || codes.isEmpty()) {
            throw new ValidationException("dispositions_required", "at least one disposition code is required", "codes");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            Disposition d = codes.get(i);
            if (d == null || d.code() == null || !Specs.NAME.matcher(d.code()).matches()) {
                throw new ValidationException("invalid_code", "code: 1-64 of a-z 0-9 _ -", "codes[" + i + "].code");
            }
            if (!seen.add(d.code())) {
                throw new ValidationException("duplicate_code", "code '" + d.code() + "' appears twice", "codes[" + i + "].code");
            }
            if (d.label() == null || d.label().isBlank() || d.label().length() > 200) {
                throw new ValidationException("invalid_label", "label: 1-200 characters", "codes[" + i + "].label");
            }
            if (d.action() == null || !ACTIONS.contains(d.action())) {
                throw new ValidationException("invalid_action", "action is one of " + ACTIONS, "codes[" + i + "].action");
            }
        }
        List<Disposition> out = jpa.tenant(em -> {
            Jpa.bulk(em, "delete from DispositionEntity d").executeUpdate();
            em.flush();
            int pos = 0;
            for (Disposition d : codes) {
                DispositionEntity e = new DispositionEntity();
                e.id = UUID.randomUUID().toString();
                e.code = d.code();
                e.label = d.label();
                e.action = d.action();
                e.position = pos++;
                em.persist(e);
            }
            return List.copyOf(codes);
        });
        audit.record("dialer.dispositions", null, seen.toString());
        return out;
    }

    @Override
    public Contact dispose(DispositionRequest r) {
        Permissions.require("campaigns", "self");
        if (r == null || (r.callId() == null && r.contactId() == null)) {
            throw new ValidationException("call_required", "name the call (callId) or the contact (contactId)", "callId");
        }
        Disposition d = dispositions().stream().filter(x -> x.code().equals(r.code())).findFirst()
            .orElseThrow(() -> new ValidationException("unknown_disposition", "unknown disposition code '" + r.code() + "'", "code"));
        if (r.note() != null && r.note().length() > 1000) {
            throw new ValidationException("invalid_note", "note: at most 1000 characters", "note");
        }
        if ("CALLBACK".equals(d.action()) && r.callbackAt() == null) {
            throw new ValidationException("callback_time_required", "a callback needs callbackAt (local time of the contact)", "callbackAt");
        }
        CallContext caller = TenantContext.current();
        Instant now = now();
        String[] done = jpa.tenant(em -> {
            AttemptEntity a;
            if (r.callId() != null) {
                a = em.createQuery("select a from AttemptEntity a where a.callId = :c", AttemptEntity.class).setParameter("c", r.callId())
                    .getResultStream().findFirst().orElseThrow(() -> new NotFoundException("not_found", "no campaign call '" + r.callId() + "'"));
            } else {
                Jpa.get(em, ContactEntity.class, r.contactId(), "contact");
                a = em.createQuery("select a from AttemptEntity a where a.contactId = :c order by a.startedAt desc", AttemptEntity.class)
                    .setParameter("c", r.contactId()).setMaxResults(1).getResultStream().findFirst()
                    .orElseThrow(() -> new ConflictException("never_dialled", "the contact was never dialled", "contactId"));
            }
            boolean supervisor = caller.operator() || caller.isPermitted(io.seatline.core.Roles.perm(caller.tenantId(), "campaigns", "control"));
            if (!supervisor && caller.userId() != null && a.agentUserId != null && !caller.userId().equals(a.agentUserId)) {
                throw new ForbiddenException("not_your_call", "only the agent who took the call (or a supervisor) sets its disposition");
            }
            ContactEntity c = Jpa.get(em, ContactEntity.class, a.contactId, "contact");
            CampaignEntity ce = Jpa.get(em, CampaignEntity.class, a.campaignId, "campaign");
            CampaignSpec s = spec(ce);
            a.disposition = d.code();
            a.note = r.note();
            c.lastDisposition = d.code();
            String outcome = switch (d.action()) {
                case "CALLBACK" -> "CALLBACK";
                case "MACHINE" -> "MACHINE";
                case "RETRY" -> "NO_ANSWER";
                case "DNC" -> "DNC";
                default -> "DONE";
            };
            a.outcome = outcome;
            if ("CALLBACK".equals(outcome)) {
                ZoneId zone = rulesView(c, s).zone();
                Instant at = r.callbackAt().atZone(zone).toInstant();
                if (at.isBefore(now.minusSeconds(60))) {
                    throw new ValidationException("callback_in_past", "callbackAt is in the past in the contact's timezone (" + zone + ")", "callbackAt");
                }
                c.callbackAt = at;
                c.callbackAgent = Boolean.TRUE.equals(r.callbackSameAgent()) ? (a.agentUserId != null ? a.agentUserId : caller.userId()) : null;
            }
            if ("DNC".equals(outcome)) {
                addDnc(em, c.phone, "disposition " + d.code(), caller.principal(), TenantContext.requireTenant());
            }
            settle(em, s, Specs.policy(s, holidays()), c, outcome, now);
            return new String[] {c.id, c.phone, a.callId, a.campaignId};
        });
        audit.record("dialer.disposition", done[0], d.code());
        // the CRM files it in the customer's history
        Map<String, Object> p = new HashMap<>();
        p.put("contact.id", done[0]);
        p.put("phone", done[1]);
        p.put("campaign.id", done[3]);
        if (done[2] != null) {
            p.put("call.id", done[2]);
        }
        p.put("code", d.code());
        p.put("label", d.label());
        p.put("by", caller.principal());
        if (r.note() != null) {
            p.put("note", r.note());
        }
        publish(TenantContext.requireTenant(), DialerEvents.ATTEMPT + "DISPOSED", p);
        return contactOf(done[0]);
    }

    // =================================================================== preview

    @Override
    public Contact previewNext(String campaignId, String agentUserId) {
        Permissions.requireSelfOr(agentUserId, "campaigns", "control"); // an agent previews for itself; a supervisor for anyone
        CampaignRun run = running.get(campaignId);
        Campaign c = campaignOf(campaignId);
        if (!"PREVIEW".equals(c.spec().mode())) {
            throw new ConflictException("not_preview", "the campaign is " + c.spec().mode() + ", not PREVIEW", "mode");
        }
        if (run == null) {
            throw new ConflictException("campaign_not_running", "the campaign is " + c.status(), "status");
        }
        if (!run.agents.isEmpty() && !run.agents.contains(agentUserId) && Duration.between(run.agentsResolvedAt, now()).toSeconds() < 30) {
            throw new ForbiddenException("not_in_campaign", "the agent does not work this campaign");
        }
        Instant now = now();
        String id = jpa.tenant(em -> {
            ContactEntity held = em.createQuery("select c from ContactEntity c where c.campaignId = :c and c.status = 'PREVIEW' and c.reservedBy = :a",
                ContactEntity.class).setParameter("c", campaignId).setParameter("a", agentUserId).setMaxResults(1).getResultStream().findFirst().orElse(null);
            if (held != null) {
                return held.id;
            }
            List<Pick> p = pick(em, run, 1, now, agentUserId);
            return p.isEmpty() ? null : p.get(0).contact.id;
        });
        return id == null ? null : contactOf(id);
    }

    @Override
    public String previewDial(String campaignId, String contactId, String agentUserId) {
        Permissions.requireSelfOr(agentUserId, "campaigns", "control"); // an agent previews for itself; a supervisor for anyone
        CampaignRun run = running.get(campaignId);
        if (run == null) {
            throw new ConflictException("campaign_not_running", "the campaign is not running", "status");
        }
        Instant now = now();
        Pick p = jpa.tenant(em -> {
            ContactEntity c = Jpa.get(em, ContactEntity.class, contactId, "contact");
            if (!"PREVIEW".equals(c.status) || !agentUserId.equals(c.reservedBy) || !campaignId.equals(c.campaignId)) {
                throw new ConflictException("not_reserved", "the contact is not reserved for this agent", "contactId");
            }
            DialRules.Decision d = DialRules.check(run.policy, rulesView(c, run.spec), now, dncOf(em, List.of(c.phone))::contains);
            if (!d.allowed()) {
                throw new ConflictException("not_callable", "the contact cannot be called now: " + d.reason(), "contactId");
            }
            c.status = "DIALLING";
            return new Pick(c, attempt(em, c, campaignId, now));
        });
        CampaignRun.Flight f = new CampaignRun.Flight(p.attempt.id, contactId, now);
        f.agentUserId = agentUserId;
        run.track(f);
        if (!dial(run, f, p.contact, new TransferTarget(agentUserId, null, null), false)) {
            throw new ConflictException("dial_failed", "the call could not be placed", null);
        }
        return f.callId;
    }

    @Override
    public void previewSkip(String campaignId, String contactId, String agentUserId) {
        Permissions.requireSelfOr(agentUserId, "campaigns", "control"); // an agent previews for itself; a supervisor for anyone
        jpa.tenant(em -> {
            ContactEntity c = Jpa.get(em, ContactEntity.class, contactId, "contact");
            if (!"PREVIEW".equals(c.status) || !agentUserId.equals(c.reservedBy)) {
                throw new ConflictException("not_reserved", "the contact is not reserved for this agent", "contactId");
            }
            c.status = c.attempts == 0 ? "NEW" : "RETRY";
            c.reservedBy = null;
            c.nextAt = now().plusSeconds(60); // offered to others (and again) a minute later
            return null;
        });
    }

    // =================================================================== lists and import

    @Override
    public List<ContactList> lists(String campaignId) {
        Permissions.require("lists", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, CampaignEntity.class, campaignId, "campaign");
            return em.createQuery("select l from ContactListEntity l where l.campaignId = :c order by l.createdAt", ContactListEntity.class)
                .setParameter("c", campaignId).getResultList().stream().map(l -> list(em, l)).toList();
        });
    }

    @Override
    public ContactList list(String listId) {
        Permissions.require("lists", "read");
        return jpa.tenant(em -> list(em, Jpa.get(em, ContactListEntity.class, listId, "list")));
    }

    private static ContactList list(EntityManager em, ContactListEntity l) {
        long n = em.createQuery("select count(c) from ContactEntity c where c.listId = :l", Long.class).setParameter("l", l.id).getSingleResult();
        return new ContactList(l.id, l.campaignId, l.name, l.status, n, l.createdAt);
    }

    @Override
    public ContactList setListStatus(String listId, String status) {
        Permissions.require("lists", "write");
        if (!"ACTIVE".equals(status) && !"PAUSED".equals(status)) {
            throw new ValidationException("invalid_status", "a list is ACTIVE or PAUSED", "status");
        }
        ContactList l = jpa.tenant(em -> {
            ContactListEntity e = Jpa.get(em, ContactListEntity.class, listId, "list");
            e.status = status;
            return list(em, e);
        });
        audit.record("list.status", listId, status);
        return l;
    }

    @Override
    public ImportReport importCsv(String campaignId, String listName, byte[] csv, Map<String, String> mapping, String source) {
        Permissions.require("lists", "write");
        String tenant = TenantContext.requireTenant();
        if (listName == null || listName.isBlank() || listName.length() > 100) {
            throw new ValidationException("invalid_list_name", "list name: 1-100 characters", "list");
        }
        if (csv == null || csv.length == 0) {
            throw new ValidationException("empty_file", "the file is empty", "file");
        }
        CampaignSpec s = campaignOf(campaignId).spec();
        String listId = jpa.tenant(em -> {
            ContactListEntity l = em.createQuery("select l from ContactListEntity l where l.campaignId = :c and l.name = :n", ContactListEntity.class)
                .setParameter("c", campaignId).setParameter("n", listName).getResultStream().findFirst().orElse(null);
            if (l == null) {
                l = new ContactListEntity();
                l.id = UUID.randomUUID().toString();
                l.campaignId = campaignId;
                l.name = listName;
                l.status = "ACTIVE";
                l.createdAt = now();
                em.persist(l);
            }
            return l.id;
        });
        String id = UUID.randomUUID().toString();
        ImportReport report = new ImportReport(id, listId, source, "RUNNING", null, 0, 0, 0, List.of(), null, now(), null);
        reports.put(id, report);
        audit.record("list.import", listId, listName + " from " + source + " (" + csv.length + " bytes)");
        CallContext ctx = TenantContext.current();
        imports.execute(() -> TenantContext.run(ctx, () -> runImport(tenant, id, campaignId, listId, s, csv, mapping, source)));
        return report;
    }

    @Override
    public ImportReport importReport(String importId) {
        Permissions.require("lists", "read");
        ImportReport r = reports.get(importId);
        if (r == null || !TenantContext.requireTenant().equals(tenantOfList(r.listId()))) {
            throw new NotFoundException("not_found", "import '" + importId + "' not found");
        }
        return r;
    }

    private String tenantOfList(String listId) {
        return jpa.tenant(em -> {
            ContactListEntity l = Jpa.find(em, ContactListEntity.class, listId);
            return l == null ? null : l.getTenantId();
        });
    }

    /** Reads the file, then writes the good rows in batches, publishing progress; every rejected row is reported. */
    private void runImport(String tenant, String id, String campaignId, String listId, CampaignSpec s, byte[] csv, Map<String, String> mapping,
                           String source) {
        ImportReport base = reports.get(id);
        try {
            Set<String> known = new HashSet<>(jpa.tenant(em -> em.createQuery("select c.phone from ContactEntity c where c.listId = :l", String.class)
                .setParameter("l", listId).getResultList()));
            int firstLine = jpa.tenant(em -> em.createQuery("select coalesce(max(c.lineNo), 0) from ContactEntity c where c.listId = :l", Integer.class)
                .setParameter("l", listId).getSingleResult());
            ContactCsv.Result parsed = ContactCsv.read(csv, mapping, s.country(), known);
            List<ImportReport.Rejected> rejected = new ArrayList<>();
            parsed.rejected().forEach(r -> rejected.add(new ImportReport.Rejected(r.line(), r.reason(), r.raw())));
            List<ContactCsv.Row> rows = parsed.rows();
            int total = rows.size() + rejected.size();
            int imported = 0;
            int done = rejected.size();
            for (int i = 0; i < rows.size(); i += 500) {
                List<ContactCsv.Row> batch = rows.subList(i, Math.min(rows.size(), i + 500));
                Instant now = now();
                imported += jpa.tenant(em -> {
                    Set<String> dnc = dncOf(em, batch.stream().map(ContactCsv.Row::phone).toList());
                    int n = 0;
                    for (ContactCsv.Row r : batch) {
                        if (dnc.contains(r.phone())) {
                            rejected.add(new ImportReport.Rejected(r.line(), "on the do-not-call list", r.phone()));
                            continue;
                        }
                        Map<String, String> fields = new LinkedHashMap<>(r.fields());
                        String tz = fields.remove("timezone");
                        if (tz != null && !tz.isBlank()) {
                            try {
                                ZoneId.of(tz.strip());
                            } catch (DateTimeException e) {
                                rejected.add(new ImportReport.Rejected(r.line(), "unknown timezone '" + tz + "'", r.phone()));
                                continue;
                            }
                        }
                        ContactEntity c = new ContactEntity();
                        c.id = UUID.randomUUID().toString();
                        c.listId = listId;
                        c.campaignId = campaignId;
                        c.phone = r.phone();
                        c.name = trim(fields.remove("name"), 200);
                        c.fieldsJson = json(fields);
                        if (c.fieldsJson.length() > 4000) {
                            rejected.add(new ImportReport.Rejected(r.line(), "the row's fields exceed 4000 characters", r.phone()));
                            continue;
                        }
                        c.timezone = tz == null || tz.isBlank() ? null : tz.strip();
                        c.status = "NEW";
                        c.nextAt = now;
                        c.lineNo = firstLine + r.line();
                        c.updatedAt = now;
                        em.persist(c);
                        n++;
                    }
                    return n;
                });
                done += batch.size();
                reports.put(id, new ImportReport(id, listId, source, "RUNNING", parsed.encoding(), total, done, imported, List.of(), null,
                    base.startedAt(), null));
                publishImport(tenant, id, listId, done, total);
            }
            rejected.sort((a, b) -> Integer.compare(a.line(), b.line()));
            reports.put(id, new ImportReport(id, listId, source, "DONE", parsed.encoding(), total, total, imported, List.copyOf(rejected), null,
                base.startedAt(), now()));
            publishImport(tenant, id, listId, total, total);
            LOG.info("List import {} of {}: {} imported, {} rejected", id, tenant, imported, rejected.size());
        } catch (ContactCsv.BadFileException e) {
            reports.put(id, new ImportReport(id, listId, source, "FAILED", null, 0, 0, 0, List.of(), new ImportReport.Error("bad_file",
                e.getMessage(), e.field()), base.startedAt(), now()));
        } catch (RuntimeException e) {
            LOG.warn("List import {} failed", id, e);
            reports.put(id, new ImportReport(id, listId, source, "FAILED", null, 0, 0, 0, List.of(), new ImportReport.Error("import_failed",
                String.valueOf(e.getMessage()), null), base.startedAt(), now()));
        }
    }

    private static String trim(String v, int max) {
        return v == null ? null : v.length() > max ? v.substring(0, max) : v;
    }

    @Override
    public int recycle(String listId, List<String> outcomes) {
        Permissions.require("lists", "write");
        if (outcomes == null || outcomes.isEmpty()) {
            throw new ValidationException("outcomes_required", "name the outcomes to recycle, e.g. [\"NO_ANSWER\",\"BUSY\"]", "outcomes");
        }
        Set<String> allowed = Set.of("BUSY", "NO_ANSWER", "FAILED", "MACHINE", "HUNG_UP", "DONE", "ABANDONED");
        for (String o : outcomes) {
            if (!allowed.contains(o)) {
                throw new ValidationException("invalid_outcome", "outcomes that can be recycled: " + allowed, "outcomes");
            }
        }
        int n = jpa.tenant(em -> {
            Jpa.get(em, ContactListEntity.class, listId, "list");
            List<ContactEntity> rows = em.createQuery("select c from ContactEntity c where c.listId = :l and c.lastOutcome in :o and c.status in :s",
                ContactEntity.class).setParameter("l", listId).setParameter("o", outcomes).setParameter("s", List.of("DONE", "RETRY")).getResultList();
            Instant now = now();
            for (ContactEntity c : rows) {
                c.status = "NEW";
                c.attempts = 0;
                c.lastOutcome = null;
                // an abandoned contact keeps its lock-out: last_abandon_at stays
                c.nextAt = now;
                c.updatedAt = now;
            }
            return rows.size();
        });
        audit.record("list.recycle", listId, outcomes + ": " + n);
        return n;
    }

    @Override
    public List<Contact> contacts(String listId, String status, int offset, int limit) {
        Permissions.require("lists", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, ContactListEntity.class, listId, "list");
            Jpa.Where w = new Jpa.Where("c").eq("listId", listId).eq("status", status);
            return w.bind(em.createQuery("select c from ContactEntity c" + w.where() + " order by c.lineNo", ContactEntity.class))
                .setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(c -> contact(c, List.of())).toList();
        });
    }

    @Override
    public Contact contact(String contactId) {
        Permissions.require("lists", "read");
        return contactOf(contactId);
    }

    /** The contact with its attempts, for work whose own permission was checked (an agent's preview). */
    private Contact contactOf(String contactId) {
        return jpa.tenant(em -> {
            ContactEntity c = Jpa.get(em, ContactEntity.class, contactId, "contact");
            List<Contact.Attempt> history = em.createQuery("select a from AttemptEntity a where a.contactId = :c order by a.startedAt",
                AttemptEntity.class).setParameter("c", contactId).getResultList().stream()
                .map(a -> new Contact.Attempt(a.id, a.callId, a.startedAt, a.answeredAt, a.endedAt, a.outcome, a.disposition, a.agentUserId, a.note))
                .toList();
            return contact(c, history);
        });
    }

    private static Contact contact(ContactEntity c, List<Contact.Attempt> history) {
        return new Contact(c.id, c.listId, c.campaignId, c.phone, c.name, fields(c), c.timezone, c.status, c.attempts, c.lastOutcome,
            c.lastDisposition, c.lastAttemptAt, c.nextAt, c.callbackAt, c.callbackAgent, history);
    }

    private static Map<String, String> fields(ContactEntity c) {
        try {
            return JSON.readValue(c.fieldsJson, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // =================================================================== DNC

    @Override
    public List<DncEntry> dnc(int offset, int limit) {
        Permissions.require("dnc", "read");
        return jpa.tenant(em -> em.createQuery("select d from DncEntity d order by d.addedAt desc", DncEntity.class).setFirstResult(offset)
            .setMaxResults(limit).getResultList().stream().map(d -> new DncEntry(d.phone, "TENANT", d.reason, d.addedBy, d.addedAt)).toList());
    }

    @Override
    public DncEntry addDnc(String phone, String reason) {
        Permissions.require("dnc", "write");
        String tenant = TenantContext.requireTenant();
        String e164 = dncNumber(phone);
        DncEntry e = jpa.tenant(em -> addDnc(em, e164, reason, TenantContext.current().principal(), tenant));
        audit.record("dnc.add", e164, reason);
        return e;
    }

    private DncEntry addDnc(EntityManager em, String e164, String reason, String by, String tenant) {
        DncEntity d = (tenant == null
            ? em.createQuery("select d from DncEntity d where d.phone = :p and d.tenantId is null", DncEntity.class)
            : em.createQuery("select d from DncEntity d where d.phone = :p and d.tenantId = :t", DncEntity.class).setParameter("t", tenant))
            .setParameter("p", e164).getResultStream().findFirst().orElse(null);
        if (d == null) {
            d = new DncEntity();
            d.id = UUID.randomUUID().toString();
            d.phone = e164;
            d.reason = trim(reason, 200);
            d.addedBy = trim(by, 100);
            d.addedAt = now();
            em.persist(d);
        }
        // contacts waiting to be called with this number are blocked at once (the dial-time check would catch them too)
        if (tenant != null) {
            Jpa.bulk(em, "update ContactEntity c set c.status = 'BLOCKED', c.lastOutcome = 'DNC', c.nextAt = null where c.phone = :p"
                + " and c.status in :st").setParameter("p", e164).setParameter("st", CALLABLE).executeUpdate();
        }
        return new DncEntry(d.phone, tenant == null ? "OPERATOR" : "TENANT", d.reason, d.addedBy, d.addedAt);
    }

    private String dncNumber(String phone) {
        String country = "CN";
        String tenant = TenantContext.current().tenantId();
        if (tenant != null) {
            country = tenant().phoneCountry();
        }
        PhoneNumbers.Result r = PhoneNumbers.normalise(phone, country);
        if (!r.ok()) {
            throw new ValidationException("invalid_number", r.error(), "phone");
        }
        return r.e164();
    }

    @Override
    public void removeDnc(String phone) {
        Permissions.require("dnc", "write");
        String e164 = dncNumber(phone);
        int n = jpa.tenant(em -> Jpa.bulk(em, "delete from DncEntity d where d.phone = :p").setParameter("p", e164).executeUpdate());
        if (n == 0) {
            throw new NotFoundException("not_found", e164 + " is not on the tenant's DNC list");
        }
        audit.record("dnc.remove", e164, null);
    }

    @Override
    public List<DncEntry> operatorDnc(int offset, int limit) {
        requireOperatorOnly();
        return jpa.operator(em -> em.createQuery("select d from DncEntity d where d.tenantId is null order by d.addedAt desc", DncEntity.class)
            .setFirstResult(offset).setMaxResults(limit).getResultList().stream()
            .map(d -> new DncEntry(d.phone, "OPERATOR", d.reason, d.addedBy, d.addedAt)).toList());
    }

    @Override
    public DncEntry addOperatorDnc(String phone, String reason) {
        requireOperatorOnly();
        String e164 = dncNumber(phone);
        DncEntry e = jpa.operator(em -> addDnc(em, e164, reason, TenantContext.current().principal(), null));
        audit.record("dnc.operator.add", e164, reason);
        return e;
    }

    @Override
    public void removeOperatorDnc(String phone) {
        requireOperatorOnly();
        String e164 = dncNumber(phone);
        int n = jpa.operator(em -> Jpa.operatorBulk(em, "delete from DncEntity d where d.phone = :p and d.tenantId is null").setParameter("p", e164)
            .executeUpdate());
        if (n == 0) {
            throw new NotFoundException("not_found", e164 + " is not on the operator's DNC list");
        }
        audit.record("dnc.operator.remove", e164, null);
    }

    private static void requireOperatorOnly() {
        CallContext c = TenantContext.requireOperator();
        if (c.tenantId() != null) {
            throw new ForbiddenException("operator_only", "the operator-wide DNC list is managed outside any tenant");
        }
    }

    // =================================================================== events

    private void publishCampaign(String tenant, String id, String type, String status, String waiting) {
        Map<String, Object> p = new HashMap<>();
        p.put("campaign.id", id);
        p.put("status", status);
        if (waiting != null) {
            p.put("waiting", waiting);
        }
        publish(tenant, DialerEvents.CAMPAIGN + type, p);
    }

    private void publishAttempt(CampaignRun run, CampaignRun.Flight f, String type, String outcome) {
        Map<String, Object> p = new HashMap<>();
        p.put("campaign.id", run.id);
        p.put("contact.id", f.contactId);
        if (f.callId != null) {
            p.put("call.id", f.callId);
        }
        if (outcome != null) {
            p.put("outcome", outcome);
        }
        publish(run.tenantId, DialerEvents.ATTEMPT + type, p);
    }

    private void publishStats(CampaignRun run) {
        CampaignStats s = stats(run, run.status, run.remaining);
        Map<String, Object> p = JSON.convertValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
        p.values().removeIf(java.util.Objects::isNull);
        p.replaceAll((k, v) -> v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
        p.put("campaign.id", run.id);
        publish(run.tenantId, DialerEvents.STATS, p);
    }

    private void publishImport(String tenant, String id, String listId, int done, int total) {
        publish(tenant, DialerEvents.TOPIC + "import/PROGRESS", Map.of("import.id", id, "list.id", listId, "done", done, "total", total));
    }

    private void publish(String tenant, String topic, Map<String, Object> props) {
        eventAdmin.postEvent(new Event(topic, SeatlineEvents.properties(topic, tenant, "dialer", now(), props)));
    }

    /** For the file drop: runs {@code work} as the system inside {@code tenant}. */
    <T> T asTenant(String tenant, Supplier<T> work) {
        return TenantContext.call(SYSTEM.withTenant(tenant), work);
    }

    /** Runs {@code then} with the final report of an import once it is DONE or FAILED (on the import thread). */
    void whenImported(String importId, java.util.function.Consumer<ImportReport> then) {
        imports.execute(() -> {
            ImportReport r = reports.get(importId);
            if (r != null) {
                then.accept(r);
            }
        });
    }
}
