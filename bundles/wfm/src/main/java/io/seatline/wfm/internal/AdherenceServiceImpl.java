package io.seatline.wfm.internal;

import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentStateChange;
import io.seatline.telephony.AgentStatus;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TenantDirectory;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.wfm.Adherence;
import io.seatline.wfm.internal.entity.AdherenceSettingsEntity;
import io.seatline.wfm.internal.entity.ExceptionEntity;
import io.seatline.wfm.internal.entity.ShiftEntity;
import io.seatline.workforce.AdherenceService;
import io.seatline.workforce.ScheduleService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Adherence: the published shifts (as {@link Adherence.Scheduled}), the agents' state histories from the ACD and the
 * approved exceptions go through {@link Adherence#of} with the tenant's mapping and tolerances. The live view reads the
 * agents' current states only (the state since its start is all that decides whether they are in adherence now). "Now"
 * is an injectable clock (a {@code java.time.Clock} service with {@code seatline.clock=true}).
 */
@Component(service = AdherenceService.class)
public class AdherenceServiceImpl implements AdherenceService {
    static final int MAX_TOLERANCE_SECONDS = 3600;
    static final int DEFAULT_TOLERANCE_SECONDS = 300;
    static final String PENDING = "PENDING";
    static final String APPROVED = "APPROVED";
    static final String REJECTED = "REJECTED";
    /** how far before the day its state history is read: the state an agent was already in at the day's start */
    private static final Duration LOOK_BACK = Duration.ofHours(12);

    @Reference(target = "(osgi.unit.name=seatline-wfm)")
    private EntityManagerFactory emf;
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
    private volatile Clock clock = Clock.systemUTC();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, target = "(seatline.clock=true)")
    void bindClock(Clock c) {
        clock = c;
    }

    void unbindClock(Clock c) {
        if (clock == c) {
            clock = Clock.systemUTC();
        }
    }

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    private ZoneId zone(String tenant) {
        return Periods.zone(directory, tenant);
    }

    // ================================================================== settings

    @Override
    public Settings settings() {
        Permissions.requireAny("schedules:read", "schedules:self");
        String tenant = TenantContext.requireTenant();
        Settings s = jpa.tenant(em -> read(em, tenant));
        // the defaults name only the reason codes the company has (the standard mapping knows more: coaching, back office)
        java.util.Set<String> reasons = reasonCodes();
        Map<String, List<String>> mapping = new LinkedHashMap<>();
        s.mapping().forEach((a, states) -> mapping.put(a, states.stream().filter(x -> x.indexOf(':') < 0 || reasons.contains(x.substring(x.indexOf(':') + 1)))
            .toList()));
        return new Settings(mapping, s.toleranceSeconds());
    }

    private java.util.Set<String> reasonCodes() {
        java.util.Set<String> reasons = new java.util.HashSet<>();
        Permissions.asService("schedules", () -> acd.reasonCodes()).forEach(r -> reasons.add(r.code()));
        return reasons;
    }

    private static Settings read(EntityManager em, String tenant) {
        AdherenceSettingsEntity e = em.find(AdherenceSettingsEntity.class, tenant);
        return e == null ? defaults() : new Settings(AdherenceText.mapping(e.mapping), AdherenceText.tolerances(e.tolerances));
    }

    static Settings defaults() {
        Map<String, List<String>> mapping = new LinkedHashMap<>();
        Map<String, Integer> tolerances = new LinkedHashMap<>();
        Map<String, java.util.Set<String>> standard = Adherence.Mapping.standard().meets();
        for (String a : ScheduleService.ACTIVITIES) {
            mapping.put(a, standard.getOrDefault(a, java.util.Set.of()).stream().sorted().toList());
            tolerances.put(a, DEFAULT_TOLERANCE_SECONDS);
        }
        return new Settings(mapping, tolerances);
    }

    @Override
    public Settings saveSettings(Settings in) {
        Permissions.require("schedules", "write");
        String tenant = TenantContext.requireTenant();
        if (in == null || in.mapping() == null) {
            throw new ValidationException("required", "The settings have a mapping of each activity to the states that meet it", "mapping");
        }
        Settings clean = AdherenceText.check(in, reasonCodes(), MAX_TOLERANCE_SECONDS, DEFAULT_TOLERANCE_SECONDS);
        String who = TenantContext.current().principal();
        jpa.tenant(em -> {
            AdherenceSettingsEntity e = em.find(AdherenceSettingsEntity.class, tenant);
            boolean created = e == null;
            if (created) {
                e = new AdherenceSettingsEntity();
                e.id = tenant;
            }
            e.mapping = AdherenceText.mapping(clean.mapping());
            e.tolerances = AdherenceText.tolerances(clean.toleranceSeconds());
            e.updatedBy = who;
            e.updatedAt = Instant.now();
            if (created) {
                em.persist(e);
            }
            return null;
        });
        audit.record("adherence.settings.save", tenant, AdherenceText.tolerances(clean.toleranceSeconds()));
        return clean;
    }

    // ================================================================== reports

    /** What a day's computation needs, read once. */
    private record Context(String tenant, ZoneId zone, Settings settings, Adherence.Mapping mapping, Map<String, String> names,
                           Map<String, String> teamOf, Instant now) {
        Duration tolerance(String activity) {
            return Duration.ofSeconds(settings.toleranceSeconds().getOrDefault(activity, DEFAULT_TOLERANCE_SECONDS));
        }
    }

    private Context context(String tenant) {
        Settings s = jpa.tenant(em -> read(em, tenant));
        Map<String, String> names = new HashMap<>();
        Map<String, String> teamOf = new HashMap<>();
        Permissions.asService("schedules", () -> {
            for (User u : Page.all(users::list)) {
                names.put(u.id(), u.displayName() == null || u.displayName().isBlank() ? u.login() : u.displayName());
                if (u.teamId() != null) {
                    teamOf.put(u.id(), u.teamId());
                }
            }
            return null;
        });
        return new Context(tenant, zone(tenant), s, AdherenceText.toMapping(s.mapping()), names, teamOf, clock.instant());
    }

    @Override
    public DayReport day(LocalDate date, String team) {
        Permissions.require("schedules", "read");
        String tenant = TenantContext.requireTenant();
        Context c = context(tenant);
        date = date == null ? LocalDate.ofInstant(c.now(), c.zone()) : Shifts.year(date, "date");
        Map<String, String> teamNames = new HashMap<>();
        Permissions.asService("schedules", () -> {
            Page.all(teams::list).forEach(t -> teamNames.put(t.id(), t.name()));
            return null;
        });
        if (team != null && !teamNames.containsKey(team)) {
            throw new ValidationException("unknown_team", "No team " + team, "team");
        }
        Map<String, List<ShiftEntity>> shifts = published(date, null);
        List<AgentRow> rows = new ArrayList<>();
        Map<String, List<Figures>> byTeam = new LinkedHashMap<>();
        List<Figures> all = new ArrayList<>();
        for (var e : shifts.entrySet()) {
            String agent = e.getKey();
            String teamId = c.teamOf().get(agent);
            if (team != null && !team.equals(teamId)) {
                continue;
            }
            Computed d = compute(c, date, agent, e.getValue());
            rows.add(new AgentRow(agent, c.names().get(agent), teamId, d.figures, d.violations.size(), d.exceptions.size()));
            all.add(d.figures);
            if (teamId != null) {
                byTeam.computeIfAbsent(teamId, k -> new ArrayList<>()).add(d.figures);
            }
        }
        rows.sort(java.util.Comparator.comparing(r -> r.agentName() == null ? r.agentUserId() : r.agentName()));
        List<TeamRow> teamRows = new ArrayList<>();
        byTeam.forEach((id, f) -> teamRows.add(new TeamRow(id, teamNames.get(id), f.size(), AdherenceText.sum(f))));
        teamRows.sort(java.util.Comparator.comparing(r -> r.teamName() == null ? r.teamId() : r.teamName()));
        Instant until = until(c, date);
        return new DayReport(date, until, rows, teamRows, new TeamRow(null, null, all.size(), AdherenceText.sum(all)));
    }

    @Override
    public AgentDay agent(LocalDate date, String agentUserId) {
        Permissions.requireAny("schedules:read", "schedules:self");
        if (!Permissions.has("schedules", "read") && !Permissions.isSelf(agentUserId)) {
            throw new io.seatline.core.ForbiddenException("forbidden", "An agent sees only their own adherence");
        }
        return agentDay(date, agentUserId);
    }

    @Override
    public AgentDay mine(LocalDate date) {
        Permissions.requireAny("schedules:self", "schedules:read");
        String me = TenantContext.current().userId();
        if (me == null) {
            throw new ValidationException("no_user", "Only a user has a schedule of their own", "agent");
        }
        return agentDay(date, me);
    }

    private AgentDay agentDay(LocalDate date, String agent) {
        String tenant = TenantContext.requireTenant();
        Context c = context(tenant);
        date = date == null ? LocalDate.ofInstant(c.now(), c.zone()) : Shifts.year(date, "date");
        if (agent == null || !c.names().containsKey(agent)) {
            throw new ValidationException("unknown_agent", "No user " + agent, "agent");
        }
        List<ShiftEntity> mine = published(date, agent).getOrDefault(agent, List.of());
        Computed d = compute(c, date, agent, mine);
        List<ScheduleService.Activity> schedule = new ArrayList<>();
        mine.forEach(s -> schedule.addAll(Shifts.activities(s.activities)));
        return new AgentDay(date, agent, c.names().get(agent), schedule, d.states, d.violations, d.exceptions, d.figures);
    }

    private Instant until(Context c, LocalDate date) {
        Instant end = Periods.start(date.plusDays(1), c.zone());
        return c.now().isBefore(end) ? c.now() : end;
    }

    /** One agent's day computed. */
    private record Computed(Figures figures, List<Violation> violations, List<StateSpan> states, List<ExceptionRequest> exceptions) {
    }

    private Computed compute(Context c, LocalDate date, String agent, List<ShiftEntity> shifts) {
        ZoneId zone = c.zone();
        Instant dayStart = Periods.start(date, zone);
        Instant dayEnd = Periods.start(date.plusDays(1), zone);
        Instant until = until(c, date);
        List<Adherence.State> states = new ArrayList<>();
        if (until.isAfter(dayStart.minus(LOOK_BACK))) {
            List<AgentStateChange> h = Permissions.asService("schedules", () -> acd.stateHistory(agent, dayStart.minus(LOOK_BACK), until, 100_000));
            states = AdherenceText.spans(h, dayStart.minus(LOOK_BACK), until);
        }
        List<ExceptionRequest> exceptions = exceptionsOf(c, date, date, agent, null);
        List<Adherence.Exception> approved = exceptions.stream().filter(x -> APPROVED.equals(x.status()))
            .map(x -> new Adherence.Exception(x.from().atZone(zone).toInstant(), x.to().atZone(zone).toInstant(), x.reason())).toList();
        List<Figures> parts = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (ShiftEntity s : shifts) {
            List<Adherence.Scheduled> schedule = Shifts.activities(s.activities).stream()
                .map(a -> new Adherence.Scheduled(a.from().atZone(zone).toInstant(), a.to().atZone(zone).toInstant(), a.kind())).toList();
            Adherence.Report r = Adherence.of(schedule, states, c.mapping(), c::tolerance, approved, until);
            parts.add(AdherenceText.figures(r));
            // a stretch under a second (the instant between logging in and going ready) counts, but is not listed
            r.violations().stream().filter(v -> v.length().toMillis() >= 1000).forEach(v -> violations.add(new Violation(
                LocalDateTime.ofInstant(v.from(), zone), LocalDateTime.ofInstant(v.to(), zone), v.scheduled(), v.actual(), v.length().toSeconds())));
        }
        List<StateSpan> spans = new ArrayList<>();
        for (Adherence.State s : states) {
            Instant from = s.from().isBefore(dayStart) ? dayStart : s.from();
            Instant to = s.to().isAfter(dayEnd) ? dayEnd : s.to();
            if (to.isAfter(from)) {
                spans.add(new StateSpan(LocalDateTime.ofInstant(from, zone), LocalDateTime.ofInstant(to, zone), s.state(), s.reason()));
            }
        }
        return new Computed(AdherenceText.sum(parts), violations, spans, exceptions);
    }

    /** Published shifts of a day with an agent, by agent (of one agent when given). */
    private Map<String, List<ShiftEntity>> published(LocalDate date, String agent) {
        return jpa.tenant(em -> {
            String q = "select s from ShiftEntity s where s.day = :d and s.status = :p and s.agent is not null"
                + (agent == null ? "" : " and s.agent = :a") + " order by s.start";
            var query = em.createQuery(q, ShiftEntity.class).setParameter("d", date).setParameter("p", Shifts.PUBLISHED);
            if (agent != null) {
                query.setParameter("a", agent);
            }
            Map<String, List<ShiftEntity>> out = new LinkedHashMap<>();
            query.getResultList().forEach(s -> out.computeIfAbsent(s.agent, k -> new ArrayList<>()).add(s));
            return out;
        });
    }

    @Override
    public Live live() {
        Permissions.require("schedules", "read");
        String tenant = TenantContext.requireTenant();
        Context c = context(tenant);
        ZoneId zone = c.zone();
        Instant now = c.now();
        LocalDate today = LocalDate.ofInstant(now, zone);
        Map<String, List<ShiftEntity>> shifts = published(today, null);
        Map<String, AgentStatus> statuses = new HashMap<>();
        Permissions.asService("schedules", () -> acd.agentStatuses()).forEach(s -> statuses.put(s.userId(), s));
        Map<String, List<Adherence.Exception>> approved = new HashMap<>();
        for (ExceptionRequest x : exceptionsOf(c, today, today, null, APPROVED)) {
            approved.computeIfAbsent(x.agentUserId(), k -> new ArrayList<>())
                .add(new Adherence.Exception(x.from().atZone(zone).toInstant(), x.to().atZone(zone).toInstant(), x.reason()));
        }
        List<LiveAgent> out = new ArrayList<>();
        for (var e : shifts.entrySet()) {
            String agent = e.getKey();
            AgentStatus st = statuses.get(agent);
            String state = st == null || st.state() == null ? Adherence.LOGGED_OUT : st.state().name();
            String reason = st == null ? null : st.reason();
            Instant since = st == null || st.since() == null ? now.minus(Duration.ofDays(1)) : st.since();
            for (ShiftEntity s : e.getValue()) {
                List<Adherence.Scheduled> schedule = Shifts.activities(s.activities).stream()
                    .map(a -> new Adherence.Scheduled(a.from().atZone(zone).toInstant(), a.to().atZone(zone).toInstant(), a.kind())).toList();
                // on shift now, or within the tolerance of its start or end (an early or late change is seen)
                Instant start = schedule.get(0).from();
                Instant end = schedule.get(schedule.size() - 1).to();
                if (now.isBefore(start.minus(c.tolerance(schedule.get(0).activity()))) || !now.isBefore(end)) {
                    continue;
                }
                String activity = now.isBefore(start) ? Adherence.OFF : schedule.stream()
                    .filter(a -> !now.isBefore(a.from()) && now.isBefore(a.to())).map(Adherence.Scheduled::activity).findFirst().orElse(Adherence.OFF);
                // the current state from its start, nothing known before it: only whether the latest stretch is out counts
                List<Adherence.State> states = List.of(new Adherence.State(since, now.plusMillis(1), state, reason));
                Adherence.Report r = Adherence.of(schedule, states, c.mapping(), c::tolerance, approved.getOrDefault(agent, List.of()), now);
                Instant outSince = null;
                List<Adherence.Violation> v = r.violations();
                for (int i = v.size() - 1; i >= 0 && v.get(i).to().equals(i == v.size() - 1 ? now : v.get(i + 1).from()); i--) {
                    outSince = v.get(i).from();
                }
                out.add(new LiveAgent(agent, c.names().get(agent), c.teamOf().get(agent), activity, state, reason, outSince == null, outSince));
                break;
            }
        }
        out.sort(java.util.Comparator.comparing(a -> a.agentName() == null ? a.agentUserId() : a.agentName()));
        return new Live(now, out);
    }

    // ================================================================== exceptions

    @Override
    public ExceptionRequest request(ExceptionRequest in) {
        Permissions.requireAny("schedules:self", "schedules:write");
        String tenant = TenantContext.requireTenant();
        if (in == null) {
            throw new ValidationException("required", "An exception has an agent, a start, an end and a reason", "from");
        }
        String me = TenantContext.current().userId();
        boolean supervisor = Permissions.has("schedules", "write");
        String agent = in.agentUserId() == null || in.agentUserId().isBlank() ? me : in.agentUserId();
        if (agent == null) {
            throw new ValidationException("required", "Whose exception it is", "agentUserId");
        }
        if (!supervisor && !agent.equals(me)) {
            throw new io.seatline.core.ForbiddenException("forbidden", "An agent asks for exceptions of their own time only");
        }
        if (in.from() == null) {
            throw new ValidationException("required", "An exception has a start", "from");
        }
        if (in.to() == null || !in.to().isAfter(in.from())) {
            throw new ValidationException("invalid_range", "An exception ends after it starts", "to");
        }
        Shifts.year(in.from().toLocalDate(), "from");
        String reason = in.reason() == null ? "" : in.reason().strip();
        if (reason.isEmpty() || reason.length() > 64) {
            throw new ValidationException("required", "An exception has a reason of at most 64 characters", "reason");
        }
        if (in.note() != null && in.note().length() > 1000) {
            throw new ValidationException("too_long", "A note has at most 1000 characters", "note");
        }
        // within one of the agent's published shifts: time that was not scheduled needs no exception
        boolean scheduled = published(in.from().toLocalDate(), agent).getOrDefault(agent, List.of()).stream()
            .anyMatch(s -> !in.from().isBefore(s.start) && !in.to().isAfter(s.end));
        if (!scheduled) {
            throw new ValidationException("not_scheduled", "The agent has no published shift over " + in.from() + " - " + in.to()
                + ": an exception is for scheduled time", "from");
        }
        String who = TenantContext.current().principal();
        ExceptionEntity e = new ExceptionEntity();
        e.id = UUID.randomUUID().toString();
        e.agent = agent;
        e.from = in.from().withNano(0);
        e.to = in.to().withNano(0);
        e.reason = reason;
        e.note = in.note();
        e.requestedBy = who;
        e.requestedAt = Instant.now();
        // a supervisor recording one for an agent decides it at once
        e.status = supervisor && !agent.equals(me) ? APPROVED : PENDING;
        if (APPROVED.equals(e.status)) {
            e.decidedBy = who;
            e.decidedAt = e.requestedAt;
        }
        jpa.tenant(em -> {
            em.persist(e);
            return null;
        });
        audit.record("adherence.exception.request", agent, e.from + " - " + e.to + " " + reason + " (" + e.status + ")");
        return view(e, context(tenant).names());
    }

    @Override
    public List<ExceptionRequest> exceptions(LocalDate from, LocalDate to, String agent, String status) {
        Permissions.requireAny("schedules:read", "schedules:self");
        String tenant = TenantContext.requireTenant();
        Shifts.range(from, to, 366);
        String who = agent;
        if (!Permissions.has("schedules", "read")) {
            String me = TenantContext.current().userId();
            if (who != null && !who.equals(me)) {
                throw new io.seatline.core.ForbiddenException("forbidden", "An agent sees only their own exceptions");
            }
            who = me;
        }
        if (status != null && !List.of(PENDING, APPROVED, REJECTED).contains(status)) {
            throw new ValidationException("invalid_status", "A status is PENDING, APPROVED or REJECTED", "status");
        }
        return exceptionsOf(context(tenant), from, to, who, status);
    }

    private List<ExceptionRequest> exceptionsOf(Context c, LocalDate from, LocalDate to, String agent, String status) {
        return jpa.tenant(em -> {
            String q = "select x from ExceptionEntity x where x.from < :b and x.to > :a" + (agent == null ? "" : " and x.agent = :agent")
                + (status == null ? "" : " and x.status = :s") + " order by x.from";
            var query = em.createQuery(q, ExceptionEntity.class).setParameter("a", from.atStartOfDay()).setParameter("b", to.plusDays(1).atStartOfDay());
            if (agent != null) {
                query.setParameter("agent", agent);
            }
            if (status != null) {
                query.setParameter("s", status);
            }
            return query.getResultList().stream().map(x -> view(x, c.names())).toList();
        });
    }

    private static ExceptionRequest view(ExceptionEntity x, Map<String, String> names) {
        return new ExceptionRequest(x.id, x.agent, names.get(x.agent), x.from, x.to, x.reason, x.note, x.status, x.requestedBy, x.requestedAt,
            x.decidedBy, x.decidedAt, x.decisionNote);
    }

    @Override
    public ExceptionRequest decide(String id, boolean approve, String note) {
        Permissions.require("schedules", "write");
        String tenant = TenantContext.requireTenant();
        if (note != null && note.length() > 1000) {
            throw new ValidationException("too_long", "A note has at most 1000 characters", "note");
        }
        String who = TenantContext.current().principal();
        ExceptionEntity saved = jpa.tenant(em -> {
            ExceptionEntity x = Jpa.get(em, ExceptionEntity.class, id, "exception");
            if (!PENDING.equals(x.status)) {
                throw new ConflictException("already_decided", "The exception was " + x.status.toLowerCase(java.util.Locale.ROOT) + " already");
            }
            if (x.agent.equals(TenantContext.current().userId())) {
                throw new io.seatline.core.ForbiddenException("forbidden", "Another supervisor decides on one's own exception");
            }
            x.status = approve ? APPROVED : REJECTED;
            x.decidedBy = who;
            x.decidedAt = Instant.now();
            x.decisionNote = note;
            return x;
        });
        audit.record(approve ? "adherence.exception.approve" : "adherence.exception.reject", saved.agent, saved.from + " - " + saved.to + " " + saved.reason);
        return view(saved, context(tenant).names());
    }

    @Override
    public void withdraw(String id) {
        Permissions.requireAny("schedules:self", "schedules:write");
        TenantContext.requireTenant();
        String me = TenantContext.current().userId();
        jpa.tenant(em -> {
            ExceptionEntity x = Jpa.find(em, ExceptionEntity.class, id);
            if (x == null || (!x.agent.equals(me) && !Permissions.has("schedules", "write"))) {
                throw new NotFoundException("not_found", "No exception " + id);
            }
            if (!PENDING.equals(x.status)) {
                throw new ConflictException("already_decided", "A decided exception stays on record");
            }
            em.remove(x);
            return null;
        });
        audit.record("adherence.exception.withdraw", me, id);
    }
}
