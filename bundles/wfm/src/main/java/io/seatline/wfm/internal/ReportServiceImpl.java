package io.seatline.wfm.internal;

import io.seatline.core.CallContext;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Permissions;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.reports.ReportService;
import io.seatline.security.AuditService;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.CdrService;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TenantDirectory;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.wfm.Totals;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * KPI reports from the interval aggregates, which it keeps from telephony's events ({@link Aggregator}). Permissions:
 * {@code reports:read} (an agent with {@code reports:self} reads their own figures), {@code reports:rebuild}; the
 * summary is the operator's.
 */
@Component(service = {ReportService.class, EventHandler.class}, immediate = true, configurationPid = "seatline.wfm",
    property = {EventConstants.EVENT_TOPIC + "=" + TelephonyEvents.CDR_WRITTEN, EventConstants.EVENT_TOPIC + "=" + TelephonyEvents.AGENT_STATE})
@Designate(ocd = ReportServiceImpl.Config.class)
public class ReportServiceImpl implements ReportService, EventHandler {

    @ObjectClassDefinition(name = "Seatline reports")
    public @interface Config {
        @AttributeDefinition(description = "A caller who hangs up within this many seconds is a short abandon (a misdial): left out of "
            + "service level and abandon rate")
        int shortAbandonSeconds() default 5;
    }

    @Reference(target = "(osgi.unit.name=seatline-wfm)")
    private EntityManagerFactory emf;
    @Reference
    CdrService cdrs;
    @Reference
    AcdService acd;
    @Reference
    UserService users;
    @Reference
    TeamService teams;
    @Reference
    TenantDirectory directory;
    @Reference
    AuditService audit;

    private Jpa jpa;
    private ScheduledExecutorService worker;
    Aggregator aggregator;

    @Activate
    void activate(Config config) {
        jpa = new Jpa(emf);
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seatline-wfm-aggregate");
            t.setDaemon(true);
            return t;
        });
        aggregator = new Aggregator(jpa, worker, cdrs, acd, directory, Math.max(0, config.shortAbandonSeconds()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        // the batch under way finishes (its transaction commits or rolls back); what is queued is counted by a rebuild
        worker.shutdown();
        if (!worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
            worker.shutdownNow();
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object tenant = event.getProperty(SeatlineEvents.TENANT_ID);
        if (tenant == null) {
            return;
        }
        if (TelephonyEvents.CDR_WRITTEN.equals(event.getTopic())) {
            Object call = event.getProperty("call.id");
            if (call != null) {
                aggregator.callWritten(tenant.toString(), call.toString());
            }
        } else {
            Object user = event.getProperty("user.id");
            if (user != null) {
                Instant at = null;
                Object when = event.getProperty("state.at");
                if (when != null) {
                    try {
                        at = Instant.parse(when.toString());
                    } catch (java.time.format.DateTimeParseException e) {
                        at = null;
                    }
                }
                aggregator.stateChanged(tenant.toString(), user.toString(), at);
            }
        }
    }

    // ================================================================== reports

    /** Who may read: reports:read, or an agent's own figures with reports:self. */
    private static void mayRead(KpiQuery q) {
        Permissions.requireSelfOr(q.agent(), "reports", "read");
    }

    @Override
    public KpiReport kpis(KpiQuery query) {
        KpiQuery q = Periods.check(query);
        mayRead(q);
        String tenant = TenantContext.requireTenant();
        ZoneId zone = aggregator.zone(tenant);
        Names names = Permissions.asService("reports", () -> names(q));
        Map<String, Map<String, Totals>> rows = new TreeMap<>();
        Totals total = read(tenant, zone, q, q.from(), q.to(), names, rows);
        List<KpiRow> out = new ArrayList<>();
        for (var p : rows.entrySet()) {
            p.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(g -> {
                String key = g.getKey().isEmpty() ? null : g.getKey();
                out.add(new KpiRow(p.getKey(), key, key == null ? null : names.label(q.by(), key), Periods.kpis(g.getValue())));
            });
        }
        Kpis totalKpis = Periods.kpis(total);
        Comparison comparison = null;
        if (q.compare() != Compare.NONE) {
            LocalDate[] r = Periods.compared(q.from(), q.to(), q.compare());
            Kpis before = Periods.kpis(read(tenant, zone, new KpiQuery(r[0], r[1], Granularity.DAY, Dimension.TENANT, q.queue(), q.agent(),
                q.team(), Compare.NONE), r[0], r[1], names, null));
            comparison = new Comparison(q.compare(), r[0], r[1], before, Periods.change(before, totalKpis));
        }
        return new KpiReport(q, zone.getId(), aggregator.shortAbandonSeconds(), out, totalKpis, comparison);
    }

    @Override
    public ReportFile export(KpiQuery query, String format, String language) {
        if (format == null || !(format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("xlsx"))) {
            throw new ValidationException("invalid_format", "format is csv or xlsx", "format");
        }
        KpiReport r = kpis(query);
        return ReportFiles.export(r, format, language, "kpis-" + TenantContext.requireTenant() + "-" + r.query().from() + "-" + r.query().to());
    }

    /** Display names of the queues, agents and teams a report names, and each agent's team. */
    record Names(Map<String, String> queues, Map<String, String> agents, Map<String, String> teams, Map<String, String> teamOf) {
        String label(Dimension by, String key) {
            return switch (by) {
                case QUEUE -> queues.getOrDefault(key, key);
                case AGENT -> agents.getOrDefault(key, key);
                case TEAM -> teams.getOrDefault(key, key);
                default -> null;
            };
        }
    }

    /**
     * The names a report shows and checks, read only where it needs them: queues when grouped by queue or narrowed to
     * one, users when grouped by agent or team or narrowed to an agent or team, teams when grouped by or narrowed to one.
     */
    private Names names(KpiQuery q) {
        Map<String, String> queues = new HashMap<>();
        if (q.by() == Dimension.QUEUE || q.queue() != null) {
            for (CallQueue cq : acd.queues()) {
                queues.put(cq.name(), cq.displayName() == null || cq.displayName().isBlank() ? cq.name() : cq.displayName());
            }
        }
        Map<String, String> agents = new HashMap<>();
        Map<String, String> teamOf = new HashMap<>();
        if (q.by() == Dimension.AGENT || q.by() == Dimension.TEAM || q.agent() != null || q.team() != null) {
            for (User u : Page.all(users::list)) {
                agents.put(u.id(), u.displayName() == null || u.displayName().isBlank() ? u.login() : u.displayName());
                if (u.teamId() != null) {
                    teamOf.put(u.id(), u.teamId());
                }
            }
        }
        Map<String, String> teamNames = new HashMap<>();
        if (q.by() == Dimension.TEAM || q.team() != null) {
            Page.all(teams::list).forEach(t -> teamNames.put(t.id(), t.name()));
        }
        if (q.queue() != null && !queues.containsKey(q.queue())) {
            throw new ValidationException("unknown_queue", "No queue " + q.queue(), "queue");
        }
        if (q.agent() != null && !agents.containsKey(q.agent())) {
            throw new ValidationException("unknown_agent", "No user " + q.agent(), "agent");
        }
        if (q.team() != null && !teamNames.containsKey(q.team())) {
            throw new ValidationException("unknown_team", "No team " + q.team(), "team");
        }
        return new Names(queues, agents, teamNames, teamOf);
    }

    /**
     * Sums the tenant's counters of [from, to] into {@code rows} (period → group → totals; null to skip) and returns the
     * total; agents' open spans (the state they are in now) count up to now.
     */
    private Totals read(String tenant, ZoneId zone, KpiQuery q, LocalDate from, LocalDate to, Names names, Map<String, Map<String, Totals>> rows) {
        return jpa.tenant(em -> Reads.sum(em, zone, q, from, to, names.teamOf(), rows));
    }

    // ================================================================== rebuild and the operator's summary

    @Override
    public Rebuild rebuild(LocalDate from, LocalDate to) {
        Permissions.require("reports", "rebuild");
        KpiQuery q = Periods.check(new KpiQuery(from, to, Granularity.DAY, null, null, null, null, null));
        String tenant = TenantContext.requireTenant();
        CallContext caller = TenantContext.current();
        long began = System.nanoTime();
        try {
            long[] counted = worker.submit(() -> TenantContext.call(caller, () -> Permissions.asService("reports",
                () -> Rebuilder.rebuild(jpa, cdrs, acd, users, aggregator, tenant, q.from(), q.to())))).get();
            Rebuild r = new Rebuild(q.from(), q.to(), counted[0], counted[1], (System.nanoTime() - began) / 1_000_000);
            audit.record("reports.rebuild", q.from() + ".." + q.to(), r.calls() + " calls, " + r.stateChanges() + " state changes");
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.seatline.core.UnavailableException("interrupted", "The rebuild was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public List<TenantKpis> summary(LocalDate from, LocalDate to) {
        TenantContext.requireOperator();
        KpiQuery q = Periods.check(new KpiQuery(from, to, Granularity.DAY, null, null, null, null, null));
        List<Object[]> rows = jpa.operator(em -> Reads.byTenant(em, q.from(), q.to()));
        List<TenantKpis> out = new ArrayList<>();
        for (Object[] r : rows) {
            String id = (String) r[0];
            String name;
            try {
                name = directory.tenant(id).displayName();
            } catch (NotFoundException e) {
                name = id;
            }
            out.add(new TenantKpis(id, name, Periods.kpis(Reads.totals(r, 1))));
        }
        out.sort(Comparator.comparingLong((TenantKpis t) -> -t.kpis().offered()).thenComparing(TenantKpis::tenantId));
        return out;
    }
}
