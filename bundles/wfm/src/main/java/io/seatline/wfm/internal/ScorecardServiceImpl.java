package io.seatline.wfm.internal;

import io.seatline.core.Page;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.qa.QaService;
import io.seatline.reports.ReportService;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Dimension;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.reports.ScorecardService;
import io.seatline.security.AuditService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TenantDirectory;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.wfm.internal.entity.ScorecardWeightsEntity;
import io.seatline.workforce.AdherenceService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The scorecard: KPIs by agent for the month ({@link ReportService}), QA averages by agent ({@link QaService}, when the
 * quality bundle is there), adherence summed over the month's days ({@link AdherenceService}), scored by {@link Scoring}.
 */
@Component(service = ScorecardService.class)
public class ScorecardServiceImpl implements ScorecardService {
    @Reference(target = "(osgi.unit.name=seatline-wfm)")
    private EntityManagerFactory emf;
    @Reference
    ReportService reports;
    @Reference
    AdherenceService adherence;
    @Reference
    UserService users;
    @Reference
    TeamService teams;
    @Reference
    TenantDirectory directory;
    @Reference
    AuditService audit;
    /** the quality bundle's evaluations, when it is installed */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile QaService qa;

    private Jpa jpa;
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    /** A {@code java.time.Clock} service with {@code seatline.clock=true} replaces the system clock (as adherence's does). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    void bindClock(java.time.Clock c) {
        clock = c;
    }

    void unbindClock(java.time.Clock c) {
        if (clock == c) {
            clock = java.time.Clock.systemUTC();
        }
    }

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public Weights weights() {
        Permissions.requireAny("reports:read", "reports:self");
        String tenant = TenantContext.requireTenant();
        return read(tenant);
    }

    private Weights read(String tenant) {
        return jpa.tenant(em -> {
            ScorecardWeightsEntity e = em.find(ScorecardWeightsEntity.class, tenant);
            if (e == null) {
                return Scoring.defaults();
            }
            Map<Measure, Integer> w = new EnumMap<>(Measure.class);
            Map<Measure, BigDecimal> t = new EnumMap<>(Measure.class);
            Scoring.parse(e.weights).forEach((m, v) -> w.put(m, Integer.parseInt(v)));
            Scoring.parse(e.targets).forEach((m, v) -> t.put(m, new BigDecimal(v)));
            return new Weights(w, t);
        });
    }

    @Override
    public Weights saveWeights(Weights in) {
        Permissions.require("reports", "manage");
        String tenant = TenantContext.requireTenant();
        Weights clean = Scoring.check(in);
        String who = TenantContext.current().principal();
        jpa.tenant(em -> {
            ScorecardWeightsEntity e = em.find(ScorecardWeightsEntity.class, tenant);
            boolean created = e == null;
            if (created) {
                e = new ScorecardWeightsEntity();
                e.id = tenant;
            }
            e.weights = Scoring.text(clean.weights());
            e.targets = Scoring.text(clean.targets());
            e.updatedBy = who;
            e.updatedAt = Instant.now();
            if (created) {
                em.persist(e);
            }
            return null;
        });
        audit.record("reports.scorecard.weights", tenant, Scoring.text(clean.weights()) + " / " + Scoring.text(clean.targets()));
        return clean;
    }

    @Override
    public Scorecard scorecard(YearMonth month, String team) {
        Permissions.requireAny("reports:read", "reports:self");
        String tenant = TenantContext.requireTenant();
        ZoneId zone = Periods.zone(directory, tenant);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (month == null) {
            month = YearMonth.from(today);
        }
        if (month.getYear() < 2000 || month.isAfter(YearMonth.from(today))) {
            throw new ValidationException("out_of_range", "A scorecard is of a month from 2000 to this one", "month");
        }
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth().isAfter(today) ? today : month.atEndOfMonth();
        // an agent who may read only their own figures sees their own row
        String self = Permissions.has("reports", "read") ? null : TenantContext.current().userId();
        if (!Permissions.has("reports", "read") && self == null) {
            throw new ValidationException("no_user", "Only a user has figures of their own", "agent");
        }
        Weights weights = read(tenant);
        Map<String, String> names = new HashMap<>();
        Map<String, String> teamOf = new HashMap<>();
        Set<String> teamIds = new java.util.HashSet<>();
        Permissions.asService("reports", () -> {
            for (User u : Page.all(users::list)) {
                names.put(u.id(), u.displayName() == null || u.displayName().isBlank() ? u.login() : u.displayName());
                if (u.teamId() != null) {
                    teamOf.put(u.id(), u.teamId());
                }
            }
            Page.all(teams::list).forEach(x -> teamIds.add(x.id()));
            return null;
        });
        if (team != null && !teamIds.contains(team)) {
            throw new ValidationException("unknown_team", "No team " + team, "team");
        }
        Map<String, Map<Measure, BigDecimal>> values = new HashMap<>();
        Set<String> agents = new LinkedHashSet<>();
        // KPIs of the month by agent: one row each (a month's granularity)
        KpiQuery q = new KpiQuery(from, to, Granularity.MONTH, Dimension.AGENT, null, self, team, Compare.NONE);
        for (ReportService.KpiRow r : Permissions.asService("reports", () -> reports.kpis(q)).rows()) {
            if (r.key() == null || (self != null && !self.equals(r.key()))) {
                continue;
            }
            agents.add(r.key());
            Map<Measure, BigDecimal> v = values.computeIfAbsent(r.key(), k -> new EnumMap<>(Measure.class));
            put(v, Measure.AHT, r.kpis().answered() > 0 ? r.kpis().ahtSeconds() : null, 1);
            put(v, Measure.CALLS_PER_HOUR, r.kpis().callsPerHour(), 2);
            put(v, Measure.CSAT, r.kpis().csat(), 2);
        }
        // QA: the month's average score per agent
        QaService quality = qa;
        if (quality != null) {
            for (QaService.Trend tr : Permissions.asService("reports", () -> quality.trends("AGENT", "MONTH", from, to))) {
                if (!inScope(tr.key(), self, team, teamOf) || tr.points().isEmpty()) {
                    continue;
                }
                long n = 0;
                BigDecimal sum = BigDecimal.ZERO;
                for (QaService.TrendPoint p : tr.points()) {
                    if (p.average() != null) {
                        sum = sum.add(p.average().multiply(BigDecimal.valueOf(p.evaluations())));
                        n += p.evaluations();
                    }
                }
                if (n > 0) {
                    agents.add(tr.key());
                    values.computeIfAbsent(tr.key(), k -> new EnumMap<>(Measure.class)).put(Measure.QA_SCORE,
                        sum.divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP));
                }
            }
        }
        // adherence: in adherence ÷ scheduled over the month's days
        Map<String, long[]> adh = new HashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            LocalDate day = d;
            for (AdherenceService.AgentRow r : Permissions.asService("reports", () -> adherence.day(day, team)).agents()) {
                if (self != null && !self.equals(r.agentUserId())) {
                    continue;
                }
                long[] s = adh.computeIfAbsent(r.agentUserId(), k -> new long[2]);
                s[0] += r.figures().inAdherenceSeconds();
                s[1] += r.figures().scheduledSeconds();
            }
        }
        adh.forEach((a, s) -> {
            if (s[1] > 0) {
                agents.add(a);
                values.computeIfAbsent(a, k -> new EnumMap<>(Measure.class)).put(Measure.ADHERENCE,
                    BigDecimal.valueOf(s[0]).divide(BigDecimal.valueOf(s[1]), 4, RoundingMode.HALF_UP));
            }
        });
        List<Row> rows = new ArrayList<>();
        for (String a : agents) {
            Map<Measure, Score> scores = new EnumMap<>(Measure.class);
            Map<Measure, BigDecimal> v = values.getOrDefault(a, Map.of());
            for (Measure m : Measure.values()) {
                BigDecimal value = v.get(m);
                scores.put(m, new Score(value, Scoring.points(m, value, weights.targets().get(m))));
            }
            rows.add(new Row(a, names.get(a), teamOf.get(a), scores, Scoring.total(scores, weights), null));
        }
        return new Scorecard(month.toString(), from, to, weights, Scoring.ranked(rows));
    }

    private static boolean inScope(String agent, String self, String team, Map<String, String> teamOf) {
        return agent != null && (self == null || self.equals(agent)) && (team == null || team.equals(teamOf.get(agent)));
    }

    private static void put(Map<Measure, BigDecimal> v, Measure m, Double value, int scale) {
        if (value != null) {
            v.put(m, BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP));
        }
    }
}
