package io.seatline.wfm.internal;

import io.seatline.core.CallContext;
import io.seatline.core.CsvText;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentProfile;
import io.seatline.telephony.CallQueue;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.wfm.Scheduler;
import io.seatline.wfm.internal.entity.AvailabilityEntity;
import io.seatline.wfm.internal.entity.RunEntity;
import io.seatline.wfm.internal.entity.ShiftEntity;
import io.seatline.wfm.internal.entity.TemplateEntity;
import io.seatline.workforce.ForecastService;
import io.seatline.workforce.ScheduleService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules: templates and availability as the scheduler's input, runs of {@link Scheduler} from a queue's forecast in
 * the background (one thread; progress in the run's row), shifts as drafts checked on every change, publishing, an
 * agent's own, coverage, CSV. Permissions {@code schedules:read}, {@code schedules:write}, {@code schedules:self}.
 */
@Component(service = ScheduleService.class)
public class ScheduleServiceImpl implements ScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleServiceImpl.class);
    static final int MAX_DAYS = 28;
    static final long MAX_SHIFT_MINUTES = 16 * 60;

    @Reference(target = "(osgi.unit.name=seatline-wfm)")
    private EntityManagerFactory emf;
    @Reference
    AcdService acd;
    @Reference
    UserService users;
    @Reference
    ForecastService forecasts;
    @Reference
    AuditService audit;

    private Jpa jpa;
    private ExecutorService worker;
    /** Runs under way in this process: one RUNNING in the database but not here was interrupted by a stop. */
    private final java.util.Set<String> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    void activate() {
        jpa = new Jpa(emf);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seatline-wfm-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow(); // a run under way is FAILED by the interruption, or left RUNNING if the bundle stops first
    }

    private static BigDecimal dec(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }

    // ================================================================== templates

    @Override
    public List<ShiftTemplate> templates() {
        Permissions.require("schedules", "read");
        TenantContext.requireTenant();
        return allTemplates();
    }

    private List<ShiftTemplate> allTemplates() {
        return jpa.tenant(em -> em.createQuery("select t from TemplateEntity t order by t.name", TemplateEntity.class).getResultList()
            .stream().map(ScheduleServiceImpl::view).toList());
    }

    private static ShiftTemplate view(TemplateEntity t) {
        return new ShiftTemplate(t.name, t.earliestStart, t.latestStart, t.minutes, Shifts.breaks(t.breaks));
    }

    @Override
    public ShiftTemplate saveTemplate(ShiftTemplate t) {
        Permissions.require("schedules", "write");
        String tenant = TenantContext.requireTenant();
        if (t == null || t.name() == null || t.name().isBlank() || t.name().length() > 64) {
            throw new ValidationException("required", "A template has a name of at most 64 characters", "name");
        }
        Scheduler.Template m = Shifts.template(t);
        Shifts.grid(List.of(t));
        String name = t.name().strip();
        ShiftTemplate saved = new ShiftTemplate(name, m.earliestStart().toString(), m.latestStart().toString(), m.minutes(),
            m.breaks().stream().map(b -> new BreakRule(b.activity(), b.minutes(), b.earliestAfterStart(), b.latestAfterStart(), b.paid())).toList());
        jpa.tenant(em -> {
            String id = tenant + "|" + name;
            TemplateEntity e = Jpa.find(em, TemplateEntity.class, id);
            boolean created = e == null;
            if (created) {
                e = new TemplateEntity();
                e.id = id;
                e.name = name;
            }
            e.earliestStart = saved.earliestStart();
            e.latestStart = saved.latestStart();
            e.minutes = saved.minutes();
            e.breaks = Shifts.breaks(saved.breaks());
            if (created) {
                em.persist(e);
            }
            return null;
        });
        audit.record("schedules.template.save", name, saved.earliestStart() + "-" + saved.latestStart() + ", " + saved.minutes() + " min, "
            + saved.breaks().size() + " break(s)");
        return saved;
    }

    @Override
    public void deleteTemplate(String name) {
        Permissions.require("schedules", "write");
        String tenant = TenantContext.requireTenant();
        jpa.tenant(em -> {
            em.remove(Jpa.get(em, TemplateEntity.class, tenant + "|" + name, "template"));
            return null;
        });
        audit.record("schedules.template.delete", name, "");
    }

    // ================================================================== availability

    /** The tenant's agents (profiles) with display names. */
    private Map<String, String> agentNames() {
        Map<String, String> names = new HashMap<>();
        Permissions.asService("schedules", () -> {
            for (User u : Page.all(users::list)) {
                names.put(u.id(), u.displayName() == null || u.displayName().isBlank() ? u.login() : u.displayName());
            }
            return null;
        });
        return names;
    }

    private List<AgentProfile> agents() {
        return Permissions.asService("schedules", () -> acd.agents());
    }

    @Override
    public List<Availability> availability() {
        Permissions.require("schedules", "read");
        TenantContext.requireTenant();
        return allAvailability();
    }

    /** Every agent's availability, for the service's own checks (its callers checked their permission). */
    private List<Availability> allAvailability() {
        Map<String, AvailabilityEntity> stored = new HashMap<>();
        jpa.tenant(em -> em.createQuery("select a from AvailabilityEntity a", AvailabilityEntity.class).getResultList())
            .forEach(a -> stored.put(a.userId, a));
        Map<String, String> names = agentNames();
        List<Availability> out = new ArrayList<>();
        for (AgentProfile p : agents()) {
            AvailabilityEntity a = stored.get(p.userId());
            out.add(a == null ? new Availability(p.userId(), names.get(p.userId()), Shifts.anyTime(), 5, 11 * 60)
                : new Availability(p.userId(), names.get(p.userId()), Shifts.days(a.days), a.maxDaysPerWeek, a.minRestMinutes));
        }
        out.sort(java.util.Comparator.comparing(a -> a.agentName() == null ? a.agentUserId() : a.agentName()));
        return out;
    }

    @Override
    public Availability saveAvailability(Availability in) {
        Permissions.require("schedules", "write");
        String tenant = TenantContext.requireTenant();
        if (in == null || in.agentUserId() == null || agents().stream().noneMatch(p -> p.userId().equals(in.agentUserId()))) {
            throw new ValidationException("unknown_agent", "No agent " + (in == null ? null : in.agentUserId()), "agentUserId");
        }
        if (in.days() == null) {
            throw new ValidationException("required", "days (weekday → hours, such as MON: 08:00-18:00) is required", "days");
        }
        Map<String, String> days = new java.util.LinkedHashMap<>();
        for (var e : in.days().entrySet()) {
            String d = e.getKey().toUpperCase(Locale.ROOT);
            if (!Shifts.DAYS.contains(d)) {
                throw new ValidationException("invalid_day", "A day is one of " + Shifts.DAYS + ": " + e.getKey(), "days");
            }
            LocalTime[] w = Shifts.window(e.getValue(), "days." + d);
            days.put(d, w[0] + "-" + (w[1].equals(LocalTime.MAX) ? "24:00" : w[1].toString()));
        }
        if (in.maxDaysPerWeek() < 0 || in.maxDaysPerWeek() > 7) {
            throw new ValidationException("out_of_range", "maxDaysPerWeek is 0 to 7", "maxDaysPerWeek");
        }
        if (in.minRestMinutes() < 0 || in.minRestMinutes() > 24 * 60) {
            throw new ValidationException("out_of_range", "minRestMinutes is 0 to 1440", "minRestMinutes");
        }
        jpa.tenant(em -> {
            String id = tenant + "|" + in.agentUserId();
            AvailabilityEntity e = Jpa.find(em, AvailabilityEntity.class, id);
            boolean created = e == null;
            if (created) {
                e = new AvailabilityEntity();
                e.id = id;
                e.userId = in.agentUserId();
            }
            e.days = Shifts.days(days);
            e.maxDaysPerWeek = in.maxDaysPerWeek();
            e.minRestMinutes = in.minRestMinutes();
            if (created) {
                em.persist(e);
            }
            return null;
        });
        audit.record("schedules.availability.save", in.agentUserId(), Shifts.days(days) + ", " + in.maxDaysPerWeek() + " days/week");
        return new Availability(in.agentUserId(), agentNames().get(in.agentUserId()), days, in.maxDaysPerWeek(), in.minRestMinutes());
    }

    /** The scheduler's agents: the queue's (their skills admit it), with their availability. */
    private List<Scheduler.Agent> schedulable(CallQueue queue) {
        Map<String, Scheduler.Agent> out = new java.util.LinkedHashMap<>();
        Map<String, Availability> given = new HashMap<>();
        allAvailability().forEach(a -> given.put(a.agentUserId(), a));
        for (AgentProfile p : agents()) {
            if (!queue.admits(p.skills())) {
                continue;
            }
            Availability a = given.get(p.userId());
            Map<DayOfWeek, Scheduler.Window> windows = new java.util.EnumMap<>(DayOfWeek.class);
            for (DayOfWeek d : DayOfWeek.values()) {
                String w = a.days().get(Shifts.day(d));
                if (w != null) {
                    LocalTime[] t = Shifts.window(w, "days");
                    windows.put(d, new Scheduler.Window(t[0], t[1]));
                }
            }
            out.put(p.userId(), new Scheduler.Agent(p.userId(), windows, a.maxDaysPerWeek(), a.minRestMinutes()));
        }
        return new ArrayList<>(out.values());
    }

    // ================================================================== runs

    @Override
    public ScheduleRun startRun(RunRequest r) {
        Permissions.require("schedules", "write");
        Permissions.require("forecasts", "read");
        String tenant = TenantContext.requireTenant();
        if (r == null || r.queue() == null || r.queue().isBlank()) {
            throw new ValidationException("required", "Which queue: queue is required", "queue");
        }
        CallQueue queue = Permissions.asService("schedules", () -> acd.queues()).stream().filter(q -> q.name().equals(r.queue())).findFirst()
            .orElseThrow(() -> new ValidationException("unknown_queue", "No queue " + r.queue(), "queue"));
        if (r.from() == null) {
            throw new ValidationException("required", "from (the first day) is required", "from");
        }
        Shifts.year(r.from(), "from");
        int days = r.days() == null ? 7 : r.days();
        if (days < 1 || days > MAX_DAYS) {
            throw new ValidationException("out_of_range", "days is 1 to " + MAX_DAYS, "days");
        }
        List<ShiftTemplate> all = allTemplates();
        List<ShiftTemplate> chosen = r.templates() == null || r.templates().isEmpty() ? all
            : all.stream().filter(t -> r.templates().contains(t.name())).toList();
        if (chosen.isEmpty()) {
            throw new ValidationException("required", "No shift template to schedule with: add one first", "templates");
        }
        if (r.templates() != null && chosen.size() < r.templates().size()) {
            throw new ValidationException("unknown_template", "Unknown template among " + r.templates(), "templates");
        }
        // the grid: half hours when every time of the templates falls on one, else quarter hours
        int grid = Shifts.grid(chosen);
        int minutes = r.intervalMinutes() == null ? grid : r.intervalMinutes();
        if (minutes != 15 && minutes != 30 && minutes != 60 || minutes > grid) {
            throw new ValidationException("out_of_range", "intervalMinutes is 15 or 30, at most the templates' grid of " + grid + " minutes", "intervalMinutes");
        }
        List<Scheduler.Agent> agents = schedulable(queue);
        if (agents.isEmpty()) {
            throw new ValidationException("no_agents", "No agent has the skills of queue " + queue.name(), "queue");
        }
        ForecastService.Forecast f = forecasts.forecast(new ForecastService.ForecastQuery(queue.name(), r.from(), days, minutes, r.target()));
        RunEntity run = new RunEntity();
        run.id = UUID.randomUUID().toString();
        active.add(run.id); // before its row exists: a reader never takes it for an interrupted run
        run.queue = queue.name();
        run.from = r.from();
        run.days = days;
        run.status = "RUNNING";
        run.step = "queued";
        run.startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try {
            jpa.tenant(em -> {
                em.persist(run);
                return null;
            });
            audit.record("schedules.run", run.id, queue.name() + " " + r.from() + " +" + days + " days, " + chosen.size() + " template(s), "
                + agents.size() + " agent(s)");
            CallContext caller = TenantContext.current();
            worker.submit(() -> TenantContext.run(caller, () -> {
                try {
                    execute(run.id, f, minutes, chosen, agents);
                } finally {
                    active.remove(run.id);
                }
            }));
        } catch (RuntimeException e) {
            active.remove(run.id); // not started: a reader sees it as interrupted
            throw e;
        }
        return Shifts.run(run);
    }

    private void progress(String id, double progress, String step) {
        jpa.tenant(em -> {
            RunEntity e = Jpa.find(em, RunEntity.class, id);
            e.progress = progress;
            e.step = step;
            return null;
        });
    }

    private void execute(String id, ForecastService.Forecast f, int minutes, List<ShiftTemplate> chosen, List<Scheduler.Agent> agents) {
        try {
            progress(id, 0.1, "requirement");
            int slots = 24 * 60 / minutes;
            int days = f.query().days();
            int[][] required = new int[days][slots];
            for (int i = 0; i < f.intervals().size(); i++) {
                required[i / slots][i % slots] = f.intervals().get(i).onPhones();
            }
            progress(id, 0.2, "scheduling " + agents.size() + " agents");
            long began = System.nanoTime();
            Scheduler.Result result = Scheduler.schedule(f.query().from(), required, minutes, chosen.stream().map(Shifts::template).toList(), agents);
            LOG.info("Scheduled {} days of queue {} for {} agents in {} ms: {} shifts, {} paid hours against a bound of {}", days, f.query().queue(),
                agents.size(), (System.nanoTime() - began) / 1_000_000, result.shifts().size(), dec(result.paidHours()), dec(result.lowerBoundPaidHours()));
            progress(id, 0.8, "saving " + result.shifts().size() + " shifts");
            String by = TenantContext.current().principal();
            jpa.tenant(em -> {
                // the drafts of the run's days and agents (and open ones) are replaced; published shifts stay until publishing
                Jpa.bulk(em, "delete from ShiftEntity s where s.status = :draft and s.day >= :a and s.day < :b and (s.agent is null or s.agent in :agents)")
                    .setParameter("draft", Shifts.DRAFT).setParameter("a", f.query().from()).setParameter("b", f.query().from().plusDays(days))
                    .setParameter("agents", agents.stream().map(Scheduler.Agent::id).toList()).executeUpdate();
                for (Scheduler.Shift s : result.shifts()) {
                    ShiftEntity e = new ShiftEntity();
                    e.id = UUID.randomUUID().toString();
                    e.agent = s.agentId();
                    e.template = s.template();
                    e.day = s.start().toLocalDate();
                    e.start = s.start();
                    e.end = s.end();
                    e.activities = Shifts.activities(s.activities().stream().map(a -> new Activity(a.kind(), a.from(), a.to())).toList());
                    e.status = Shifts.DRAFT;
                    e.updatedBy = by;
                    e.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    em.persist(e);
                }
                RunEntity run = Jpa.find(em, RunEntity.class, id);
                run.status = "DONE";
                run.progress = 1;
                run.step = "done";
                run.shifts = result.shifts().size();
                run.paidHours = dec(result.paidHours());
                run.lowerBoundHours = dec(result.lowerBoundPaidHours());
                run.deficitHours = dec(result.deficitHours());
                run.overstaffHours = dec(result.overstaffHours());
                run.unassigned = result.unassigned();
                run.finishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Scheduler run {} failed", id, e);
            jpa.tenant(em -> {
                RunEntity run = Jpa.find(em, RunEntity.class, id);
                run.status = "FAILED";
                run.error = String.valueOf(e.getMessage()).length() > 1000 ? e.getMessage().substring(0, 1000) : String.valueOf(e.getMessage());
                run.finishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                return null;
            });
        }
    }

    @Override
    public ScheduleRun run(String id) {
        Permissions.require("schedules", "read");
        TenantContext.requireTenant();
        RunEntity e = jpa.tenant(em -> {
            RunEntity r = Jpa.find(em, RunEntity.class, id);
            if (r != null && "RUNNING".equals(r.status) && !active.contains(id)) {
                r.status = "FAILED";
                r.error = "interrupted: Seatline stopped while it ran; start it again";
            }
            return r;
        });
        if (e == null) {
            throw new NotFoundException("not_found", "No scheduler run " + id, "id");
        }
        return Shifts.run(e);
    }

    // ================================================================== shifts

    private List<Shift> read(EntityManager em, LocalDate from, LocalDate to, String agent, String status, Map<String, String> names) {
        String jpql = "select s from ShiftEntity s where s.day >= :a and s.day <= :b" + (agent == null ? "" : " and s.agent = :agent")
            + (status == null ? "" : " and s.status = :status") + " order by s.start, s.agent";
        var q = em.createQuery(jpql, ShiftEntity.class).setParameter("a", from).setParameter("b", to);
        if (agent != null) {
            q.setParameter("agent", agent);
        }
        if (status != null) {
            q.setParameter("status", status);
        }
        return q.getResultList().stream().map(s -> Shifts.view(s, names)).toList();
    }

    @Override
    public List<Shift> shifts(LocalDate from, LocalDate to, String agent) {
        Permissions.require("schedules", "read");
        TenantContext.requireTenant();
        Shifts.range(from, to, 62);
        Map<String, String> names = agentNames();
        return jpa.tenant(em -> read(em, from, to, agent, null, names));
    }

    @Override
    public Shift saveShift(Shift in) {
        Permissions.require("schedules", "write");
        TenantContext.requireTenant();
        ShiftEntity saved = jpa.tenant(em -> checkedSave(em, in, agentAvailability()));
        audit.record("schedules.shift.save", saved.id, (saved.agent == null ? "open" : saved.agent) + " " + saved.start + "-" + saved.end.toLocalTime());
        return Shifts.view(saved, agentNames());
    }

    /** Every agent's availability by user id (the default for those without one). */
    private Map<String, Availability> agentAvailability() {
        Map<String, Availability> m = new HashMap<>();
        allAvailability().forEach(a -> m.put(a.agentUserId(), a));
        return m;
    }

    /** Checks a shift against the agent's other shifts and availability and saves it as a draft. */
    private ShiftEntity checkedSave(EntityManager em, Shift in, Map<String, Availability> availability) {
        if (in == null || in.start() == null || in.end() == null) {
            throw new ValidationException("required", "A shift has a start and an end", "start");
        }
        Shifts.year(in.start().toLocalDate(), "start");
        Shifts.year(in.end().toLocalDate(), "end");
        if (!in.end().isAfter(in.start()) || Duration.between(in.start(), in.end()).toMinutes() > MAX_SHIFT_MINUTES
            || in.end().isAfter(in.start().toLocalDate().plusDays(1).atStartOfDay())) {
            throw new ValidationException("invalid_range", "A shift ends after it starts, at most 16 hours later and by midnight", "end");
        }
        if (in.template() != null && in.template().length() > 64 || in.activities() != null && in.activities().size() > 60) {
            throw new ValidationException("too_long", "A template name has at most 64 characters, a shift at most 60 activities", "activities");
        }
        if (in.agentUserId() != null && !availability.containsKey(in.agentUserId())) {
            throw new ValidationException("unknown_agent", "No agent " + in.agentUserId(), "agentUserId");
        }
        List<Activity> activities = Shifts.check(in.start(), in.end(), in.activities());
        ShiftEntity e = in.id() == null ? null : Jpa.find(em, ShiftEntity.class, in.id());
        if (in.id() != null && e == null) {
            throw new NotFoundException("not_found", "No shift " + in.id(), "id");
        }
        if (in.agentUserId() != null) {
            Availability a = availability.get(in.agentUserId());
            String day = Shifts.day(in.start().getDayOfWeek());
            String w = a.days().get(day);
            if (w == null) {
                throw new ValidationException("outside_availability", a.agentName() + " is not available on " + day, "start");
            }
            LocalTime[] t = Shifts.window(w, "days");
            LocalDateTime opens = in.start().toLocalDate().atTime(t[0]);
            LocalDateTime closes = t[1].equals(LocalTime.MAX) ? in.start().toLocalDate().plusDays(1).atStartOfDay() : in.start().toLocalDate().atTime(t[1]);
            if (in.start().isBefore(opens) || in.end().isAfter(closes)) {
                throw new ValidationException("outside_availability", a.agentName() + " is available " + w + " on " + day + ", not "
                    + in.start().toLocalTime() + "-" + in.end().toLocalTime(), "start");
            }
            // against the agent's other drafts: a published shift the draft overlaps is what it replaces when published
            var query = em.createQuery("select s from ShiftEntity s where s.agent = :agent and s.status = :draft and s.start < :end and s.end > :start"
                    + (e == null ? "" : " and s.id <> :id"), ShiftEntity.class).setParameter("draft", Shifts.DRAFT)
                .setParameter("agent", in.agentUserId()).setParameter("start", in.start()).setParameter("end", in.end());
            List<ShiftEntity> clash = (e == null ? query : query.setParameter("id", e.id)).getResultList();
            if (!clash.isEmpty()) {
                ShiftEntity c = clash.get(0);
                throw new ValidationException("overlapping", a.agentName() + " already works " + c.start + "-" + c.end.toLocalTime(), "start");
            }
        }
        boolean created = e == null;
        if (created) {
            e = new ShiftEntity();
            e.id = UUID.randomUUID().toString();
        }
        e.agent = in.agentUserId();
        e.template = in.template();
        e.day = in.start().toLocalDate();
        e.start = in.start();
        e.end = in.end();
        e.activities = Shifts.activities(activities);
        e.status = Shifts.DRAFT;
        e.updatedBy = TenantContext.current().principal();
        e.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (created) {
            em.persist(e);
        }
        em.flush();
        return e;
    }

    @Override
    public void deleteShift(String id) {
        Permissions.require("schedules", "write");
        TenantContext.requireTenant();
        ShiftEntity e = jpa.tenant(em -> {
            ShiftEntity s = Jpa.get(em, ShiftEntity.class, id, "shift");
            em.remove(s);
            return s;
        });
        audit.record("schedules.shift.delete", id, (e.agent == null ? "open" : e.agent) + " " + e.start + "-" + e.end.toLocalTime());
    }

    @Override
    public Published publish(LocalDate from, LocalDate to) {
        Permissions.require("schedules", "write");
        TenantContext.requireTenant();
        Shifts.range(from, to, 62);
        int n = jpa.tenant(em -> {
            // each draft replaces the published shifts of its agent it overlaps; the others stay published
            List<ShiftEntity> drafts = em.createQuery("select s from ShiftEntity s where s.status = :draft and s.day >= :a and s.day <= :b",
                ShiftEntity.class).setParameter("draft", Shifts.DRAFT).setParameter("a", from).setParameter("b", to).getResultList();
            for (ShiftEntity d : drafts) {
                if (d.agent != null) {
                    Jpa.bulk(em, "delete from ShiftEntity s where s.status = :published and s.agent = :agent and s.start < :end and s.end > :start")
                        .setParameter("published", Shifts.PUBLISHED).setParameter("agent", d.agent).setParameter("start", d.start)
                        .setParameter("end", d.end).executeUpdate();
                }
            }
            for (ShiftEntity s : drafts) {
                s.status = Shifts.PUBLISHED;
            }
            return drafts.size();
        });
        audit.record("schedules.publish", from + ".." + to, n + " shift(s)");
        return new Published(from, to, n);
    }

    @Override
    public List<Shift> mine(LocalDate from, LocalDate to) {
        Permissions.requireAny("schedules:self", "schedules:read");
        TenantContext.requireTenant();
        Shifts.range(from, to, 62);
        String me = TenantContext.current().userId();
        if (me == null) {
            throw new ValidationException("no_user", "Only a user has a schedule of their own", "agent");
        }
        Map<String, String> names = agentNames();
        return jpa.tenant(em -> read(em, from, to, me, Shifts.PUBLISHED, names));
    }

    // ================================================================== coverage and CSV

    @Override
    public Coverage coverage(String queue, LocalDate from, LocalDate to, int minutes) {
        Permissions.require("schedules", "read");
        TenantContext.requireTenant();
        Shifts.range(from, to, MAX_DAYS);
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        ForecastService.Forecast f = forecasts.forecast(new ForecastService.ForecastQuery(queue, from, days, minutes, null));
        return Shifts.coverage(f, jpa.tenant(em -> read(em, from.minusDays(1), to, null, null, Map.of())), from, minutes);
    }

    @Override
    public byte[] export(LocalDate from, LocalDate to) {
        Permissions.require("schedules", "read");
        TenantContext.requireTenant();
        Shifts.range(from, to, 62);
        Map<String, String> logins = new HashMap<>();
        Permissions.asService("schedules", () -> {
            Page.all(users::list).forEach(u -> logins.put(u.id(), u.login()));
            return null;
        });
        return ShiftCsv.write(jpa.tenant(em -> read(em, from, to, null, null, Map.of())), logins);
    }

    @Override
    public ShiftImport importShifts(byte[] csv) {
        Permissions.require("schedules", "write");
        TenantContext.requireTenant();
        Map<String, String> byLogin = new HashMap<>();
        Permissions.asService("schedules", () -> {
            Page.all(users::list).forEach(u -> byLogin.put(u.login(), u.id()));
            return null;
        });
        Map<String, Availability> availability = agentAvailability();
        List<ForecastService.HistoryImport.Rejected> rejected = new ArrayList<>();
        int rows = 0;
        int accepted = 0;
        boolean header = true;
        for (CsvText.Row row : CsvFields.rows(csv)) {
            List<String> f = row.fields();
            if (f.stream().allMatch(String::isBlank)) {
                continue;
            }
            if (header) {
                header = false;
                if (!String.join(",", f).strip().equalsIgnoreCase(ShiftCsv.HEADER)) {
                    throw new ValidationException("invalid_header", "The first line is the header " + ShiftCsv.HEADER, "file");
                }
                continue;
            }
            rows++;
            try {
                Shift s = ShiftCsv.parse(f, byLogin);
                jpa.tenant(em -> checkedSave(em, s, availability));
                accepted++;
            } catch (RuntimeException e) {
                // each row in its own transaction: whatever refused it (a check, the database) refused that row only
                rejected.add(new ForecastService.HistoryImport.Rejected(row.line(), e.getMessage(), row.raw()));
            }
        }
        audit.record("schedules.import", rows + " row(s)", accepted + " shift(s) saved, " + rejected.size() + " rejected");
        return new ShiftImport(rows, accepted, rejected);
    }
}
