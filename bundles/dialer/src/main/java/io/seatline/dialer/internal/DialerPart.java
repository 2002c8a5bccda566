// Longer than ~600 lines: what the dialer's parts share — the run of a campaign (newRun, reading its window, sweeping
// lost calls), the dial-time rules, attempts and dialling, used alike by pacing, preview dialling and campaigns.
package io.seatline.dialer.internal;

import io.seatline.dialer.DialerService.*;
import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seatline.core.CallContext;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.CampaignStats;
import io.seatline.dialer.Contact;
import io.seatline.dialer.DialerEvents;
import io.seatline.dialer.Disposition;
import io.seatline.dialer.DncEntry;
import io.seatline.dialer.ImportReport;
import io.seatline.dialer.PacingStrategy;
import io.seatline.dialer.internal.entity.AttemptEntity;
import io.seatline.dialer.internal.entity.CampaignEntity;
import io.seatline.dialer.internal.entity.ContactEntity;
import io.seatline.dialer.internal.entity.ContactListEntity;
import io.seatline.dialer.internal.entity.DncEntity;
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
import io.seatline.telephony.TransferTarget;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.persistence.EntityManager;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of the dialer shares: services, state and helpers of the component ({@link DialerServiceImpl}). */
abstract class DialerPart {
    static final Logger LOG = LoggerFactory.getLogger(DialerServiceImpl.class);
    static final CallContext SYSTEM = DialerServiceImpl.SYSTEM;
    static final Set<String> ACTIONS = DialerServiceImpl.ACTIONS;
    static final List<Disposition> DEFAULT_DISPOSITIONS = DialerServiceImpl.DEFAULT_DISPOSITIONS;
    static final List<String> CALLABLE = DialerServiceImpl.CALLABLE;
    static final ObjectMapper JSON = DialerServiceImpl.JSON;

    final DialerServiceImpl owner;
    final Jpa jpa;
    final UserService users;
    final AuditService audit;
    final EventAdmin eventAdmin;
    final Map<ServiceReference<PacingStrategy.Factory>, PacingStrategy.Factory> plugins;
    final ScheduledExecutorService ticker;
    final ExecutorService outcomes;
    final ExecutorService imports;
    final Map<String, CampaignRun> running;
    final Map<String, ImportReport> reports;
    final Map<String, CampaignRun> finishing;

    DialerPart(DialerServiceImpl owner) {
        this.owner = owner;
        this.jpa = owner.jpa;
        this.users = owner.users;
        this.audit = owner.audit;
        this.eventAdmin = owner.eventAdmin;
        this.plugins = owner.plugins;
        this.ticker = owner.ticker;
        this.outcomes = owner.outcomes;
        this.imports = owner.imports;
        this.running = owner.running;
        this.reports = owner.reports;
        this.finishing = owner.finishing;
    }

    /** Telephony's call service now, or 503 telephony_unavailable while telephony is down or restarting. */
    CallService calls() {
        CallService c = owner.calls;
        if (c == null) {
            throw new io.seatline.core.UnavailableException("telephony_unavailable", "telephony is not running now (it is restarting or not installed)");
        }
        return c;
    }

    /** Telephony's ACD service now, or 503 telephony_unavailable while telephony is down or restarting. */
    AcdService acd() {
        AcdService a = owner.acd;
        if (a == null) {
            throw new io.seatline.core.UnavailableException("telephony_unavailable", "telephony is not running now (it is restarting or not installed)");
        }
        return a;
    }

    /** the configuration in force (etc/seatline.dialer.cfg, applied live) */
    DialerConfig cfg() {
        return owner.cfg;
    }

    Instant now() {
        return owner.now();
    }

    void publishCampaign(String tenant, String id, String type, String status, String waiting) {
        Map<String, Object> p = new HashMap<>();
        p.put("campaign.id", id);
        p.put("status", status);
        if (waiting != null) {
            p.put("waiting", waiting);
        }
        publish(tenant, DialerEvents.CAMPAIGN + type, p);
    }

    void publishAttempt(CampaignRun run, CampaignRun.Flight f, String type, String outcome) {
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

    void publishStats(CampaignRun run) {
        CampaignStats s = stats(run, run.status, run.remaining);
        Map<String, Object> p = JSON.convertValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
        p.values().removeIf(java.util.Objects::isNull);
        p.replaceAll((k, v) -> v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
        p.put("campaign.id", run.id);
        publish(run.tenantId, DialerEvents.STATS, p);
    }

    void publishImport(String tenant, String id, String listId, int done, int total) {
        publish(tenant, DialerEvents.TOPIC + "import/PROGRESS", Map.of("import.id", id, "list.id", listId, "done", done, "total", total));
    }

    void publish(String tenant, String topic, Map<String, Object> props) {
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

    DncEntry addDnc(EntityManager em, String e164, String reason, String by, String tenant) {
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

    public DncEntry addDnc(String phone, String reason) {
        Permissions.require("dnc", "write");
        String tenant = TenantContext.requireTenant();
        String e164 = dncNumber(phone);
        DncEntry e = jpa.tenant(em -> addDnc(em, e164, reason, TenantContext.current().principal(), tenant));
        audit.record("dnc.add", e164, reason);
        return e;
    }

    String dncNumber(String phone) {
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

    CampaignStats stats(CampaignRun run, String status, long remaining) {
        synchronized (run) {
            return new CampaignStats(run.id, run.spec.name(), run.spec.mode(), status, run.waiting, run.since, run.dialled, run.answered,
                run.abandoned, run.connected, run.ringing(), run.windowAnswered(), run.windowAbandoned(),
                percent(run.windowAbandoned(), run.windowAnswered()), run.spec.abandonTargetPercent(), run.lastLoggedIn, run.lastReady,
                run.lastBusy, BigDecimal.valueOf(run.occupancy()).setScale(3, RoundingMode.HALF_UP), remaining, run.liveRate(), run.meanRing(),
                run.meanHandle());
        }
    }

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

    static CampaignSpec spec(CampaignEntity c) {
        try {
            return JSON.readValue(c.specJson, CampaignSpec.class);
        } catch (Exception e) {
            throw new IllegalStateException("campaign " + c.id + " has unreadable settings", e);
        }
    }

    Set<LocalDate> holidays() {
        MediaService m = owner.media;
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

    /** The campaign, for work whose own permission was checked (an agent's preview, an import). */
    Campaign campaignOf(String id) {
        return jpa.tenant(em -> campaign(Jpa.get(em, CampaignEntity.class, id, "campaign")));
    }

    CampaignRun newRun(CampaignEntity e) {
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

    Campaign campaign(CampaignEntity c) {
        CampaignRun run = running.get(c.id);
        return new Campaign(c.id, spec(c), c.status, run == null ? null : run.waiting, c.createdAt, c.updatedAt);
    }

    public Campaign campaign(String id) {
        Permissions.require("campaigns", "read");
        return campaignOf(id);
    }

    Tenant tenant() {
        String id = TenantContext.requireTenant();
        return owner.directory.tenant(id);
    }

    /** The contact after an outcome: final, or when it may be tried again. */
    void settle(EntityManager em, CampaignSpec s, DialRules.Policy policy, ContactEntity c, String outcome, Instant now) {
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

    static DialRules.Contact rulesView(ContactEntity c, CampaignSpec s) {
        ZoneId zone;
        try {
            zone = ZoneId.of(c.timezone == null ? s.timezone() : c.timezone);
        } catch (DateTimeException e) {
            zone = ZoneId.of(s.timezone());
        }
        return new DialRules.Contact(c.phone, zone, c.attempts, "CALLBACK".equals(c.status) ? "CALLBACK" : c.lastOutcome, c.lastAttemptAt,
            c.lastAbandonAt, "CALLBACK".equals(c.status) ? c.callbackAt : null);
    }

    /**
     * Up to {@code n} due contacts of the campaign that pass the dial-time rules, marked DIALLING (or reserved for the
     * previewing agent) with their attempt written. Those refused now get their next possible instant.
     */
    List<Pick> pick(EntityManager em, CampaignRun run, int n, Instant now, String previewAgent) {
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

    /** Which of {@code phones} are on the tenant's or the operator's DNC list. */
    static Set<String> dncOf(EntityManager em, List<String> phones) {
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

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contact with its attempts, for work whose own permission was checked (an agent's preview). */
    Contact contactOf(String contactId) {
        return jpa.tenant(em -> {
            ContactEntity c = Jpa.get(em, ContactEntity.class, contactId, "contact");
            List<Contact.Attempt> history = em.createQuery("select a from AttemptEntity a where a.contactId = :c order by a.startedAt",
                AttemptEntity.class).setParameter("c", contactId).getResultList().stream()
                .map(a -> new Contact.Attempt(a.id, a.callId, a.startedAt, a.answeredAt, a.endedAt, a.outcome, a.disposition, a.agentUserId, a.note))
                .toList();
            return contact(c, history);
        });
    }

    static Contact contact(ContactEntity c, List<Contact.Attempt> history) {
        return new Contact(c.id, c.listId, c.campaignId, c.phone, c.name, fields(c), c.timezone, c.status, c.attempts, c.lastOutcome,
            c.lastDisposition, c.lastAttemptAt, c.nextAt, c.callbackAt, c.callbackAgent, history);
    }

    public Contact contact(String contactId) {
        Permissions.require("lists", "read");
        return contactOf(contactId);
    }

    /** A contact picked for dialling and its attempt (written before the call is placed). */
    static final class Pick {
        final ContactEntity contact;
        final AttemptEntity attempt;

        Pick(ContactEntity contact, AttemptEntity attempt) {
            this.contact = contact;
            this.attempt = attempt;
        }
    }

    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(2) : BigDecimal.valueOf(part * 100.0 / whole).setScale(2, RoundingMode.HALF_UP);
    }

    long remaining(String campaignId) {
        return jpa.tenant(em -> em.createQuery("select count(c) from ContactEntity c where c.campaignId = :c and c.status in :st", Long.class)
            .setParameter("c", campaignId).setParameter("st", List.of("NEW", "RETRY", "CALLBACK", "DIALLING", "PREVIEW")).getSingleResult());
    }

    static Instant windowStart(CampaignSpec s, Instant now) {
        if ("DAY".equals(s.abandonWindow())) {
            ZoneId z = ZoneId.of(s.timezone());
            return now.atZone(z).toLocalDate().atStartOfDay(z).toInstant();
        }
        return now.minus(Duration.ofDays(30));
    }

    PacingStrategy.Factory factory(String tenant, String name) {
        for (Map.Entry<ServiceReference<PacingStrategy.Factory>, PacingStrategy.Factory> e : plugins.entrySet()) {
            if (tenant.equals(e.getKey().getProperty(PacingStrategy.TENANT_ID)) && name.equals(e.getValue().name())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The abandon window's live answers and abandoned calls, read from the attempts. */
    void readWindow(CampaignRun run) {
        Instant now = now();
        Instant from = windowStart(run.spec, now);
        Map<String, Long> counts = counts(run.id, from, now.plusSeconds(1));
        run.windowRead(counts.get("answered"), counts.get("abandoned"), now);
    }

    /**
     * Contacts left DIALLING by calls this node no longer follows (it stopped mid-call) and whose call must be over by
     * now: their attempt ends FAILED ("lost") and they are tried again by the rules.
     */
    void sweepLost(CampaignRun run) {
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

    /** The tenant's queue of that name, or null. */
    CallQueue queueOf(String name) {
        try {
            return acd().queue(name);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** The agents who may work the campaign: assigned (or all) and admitted by the skills of its queue {@code q}. */
    Set<String> eligibleAgents(CampaignSpec s, CallQueue q) {
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
        for (AgentProfile a : acd().agents()) {
            if ((all || assigned.contains(a.userId())) && q.admits(a.skills())) {
                out.add(a.userId());
            }
        }
        return out;
    }

    boolean agentReady(String userId) {
        try {
            AgentStatus s = acd().agentStatus(userId);
            return s != null && s.state() == AgentState.READY && s.registered();
        } catch (RuntimeException e) {
            return false;
        }
    }

    AttemptEntity attempt(EntityManager em, ContactEntity c, String campaignId, Instant now) {
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

    /** Originates a picked contact; a refusal is recorded as a FAILED attempt. */
    boolean dial(CampaignRun run, CampaignRun.Flight f, ContactEntity c, TransferTarget target, boolean connectLimit) {
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
            CallInfo call = calls().originate(new OriginateRequest(c.phone, target, s.callerId(), s.ringTimeoutSeconds(), data,
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
            if ("no_trunk".equals(code) || "invalid_caller_id".equals(code) || "telephony_draining".equals(code)
                || "telephony_unavailable".equals(code)) {
                run.waiting = code;
            }
            return false;
        }
    }

    static String trim(String v, int max) {
        return v == null ? null : v.length() > max ? v.substring(0, max) : v;
    }

    static Map<String, String> fields(ContactEntity c) {
        try {
            return JSON.readValue(c.fieldsJson, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    Map<String, Long> counts(String campaignId, Instant from, Instant to) {
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

    void inTenant(String tenant, Runnable work) {
        try {
            TenantContext.run(SYSTEM.withTenant(tenant), work);
        } catch (RuntimeException e) {
            LOG.warn("Dialer outcome of {} not recorded: {}", tenant, e.toString(), e);
        }
    }

    /** Writes the attempt's outcome and where the contact stands now. */
    Void finish(CampaignRun run, CampaignRun.Flight f, String outcome, String cause, Instant now) {
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
}
