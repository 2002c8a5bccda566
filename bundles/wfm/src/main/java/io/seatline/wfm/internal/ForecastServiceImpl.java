package io.seatline.wfm.internal;

import io.seatline.core.CsvText;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.MediaService;
import io.seatline.tenancy.TenantDirectory;
import io.seatline.wfm.Forecaster;
import io.seatline.wfm.Requirement;
import io.seatline.wfm.internal.entity.AdjustmentEntity;
import io.seatline.wfm.internal.entity.HistoryEntity;
import io.seatline.workforce.ForecastService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Forecasts from the queue's quarter-hour aggregates (and history imported from another system), staffed per interval
 * with {@link Requirement} (Erlang C, or A with the callers' patience). Permissions {@code forecasts:read} and
 * {@code forecasts:write}.
 */
@Component(service = ForecastService.class)
public class ForecastServiceImpl implements ForecastService {
    static final int MAX_DAYS = 42;
    static final int MAX_IMPORT_ROWS = 200_000;

    @Reference(target = "(osgi.unit.name=seatline-wfm)")
    private EntityManagerFactory emf;
    @Reference
    AcdService acd;
    @Reference
    MediaService media;
    @Reference
    TenantDirectory directory;
    @Reference
    AuditService audit;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    private ZoneId zone(String tenant) {
        return Periods.zone(directory, tenant);
    }

    /** The queue, or a refusal naming the field. */
    private CallQueue queue(String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationException("required", "Which queue: queue is required", "queue");
        }
        return Permissions.asService("forecasts", () -> acd.queues()).stream().filter(q -> q.name().equals(name)).findFirst()
            .orElseThrow(() -> new ValidationException("unknown_queue", "No queue " + name, "queue"));
    }

    // ================================================================== the forecast

    @Override
    public Forecast forecast(ForecastQuery query) {
        Permissions.require("forecasts", "read");
        String tenant = TenantContext.requireTenant();
        if (query == null) {
            throw new ValidationException("required", "Which queue: queue is required", "queue");
        }
        CallQueue queue = queue(query.queue());
        ZoneId zone = zone(tenant);
        LocalDate from = query.from() != null ? Shifts.year(query.from(), "from") : LocalDate.now(zone).plusDays(1);
        int days = query.days() == null ? 7 : query.days();
        if (days < 1 || days > MAX_DAYS) {
            throw new ValidationException("out_of_range", "days is 1 to " + MAX_DAYS, "days");
        }
        int minutes = query.intervalMinutes() == null ? 30 : query.intervalMinutes();
        if (minutes != 15 && minutes != 30 && minutes != 60) {
            throw new ValidationException("out_of_range", "intervalMinutes is 15, 30 or 60", "intervalMinutes");
        }
        Target t = target(query.target(), queue);
        Requirement.Target target = new Requirement.Target(t.serviceLevel(), t.withinSeconds(), t.maxAsaSeconds(), t.maxAbandonRate(),
            t.maxOccupancy(), t.shrinkage());
        double patience = t.patienceSeconds() == null ? Double.POSITIVE_INFINITY : t.patienceSeconds();

        // learnt from whole weeks that are over: up to the first day, or up to this week's Monday when that comes first
        LocalDate today = LocalDate.now(zone);
        LocalDate thisMonday = today.minusDays(today.getDayOfWeek().getValue() - 1L);
        LocalDate until = from.isBefore(thisMonday) ? from : thisMonday;
        LocalDate historyFrom = until.minusWeeks(Forecaster.MAX_WEEKS + 1);
        List<Forecaster.Observation> history = history(queue.name(), zone, historyFrom, until, minutes);
        Set<LocalDate> holidays = new HashSet<>(Permissions.asService("forecasts", () -> media.calendar()).holidays());
        List<Adjustment> adjustments = adjustments(queue.name()).stream()
            .filter(a -> !a.to().isBefore(from) && !a.from().isAfter(from.plusDays(days - 1L))).toList();
        List<Forecaster.Adjustment> factors = adjustments.stream()
            .map(a -> new Forecaster.Adjustment(a.from(), a.to(), a.factor().doubleValue(), a.reason())).toList();
        List<Forecaster.Interval> forecast;
        try {
            forecast = Forecaster.forecast(history, minutes, holidays, from, days, factors, until);
        } catch (Forecaster.NotEnoughHistory e) {
            throw new ValidationException("not_enough_history", "Not enough history to forecast queue " + queue.name() + ": " + e.weeks
                + " whole week(s) of calls before " + until + ", " + Forecaster.MIN_WEEKS + " needed", "from");
        }
        int weeks = weeksOf(history, until);
        LocalDate lastSunday = lastSundayBefore(until);
        Accuracy accuracy = weeks > Forecaster.MIN_WEEKS ? accuracy(history, minutes, holidays, lastSunday.minusDays(6)) : null;

        List<ForecastInterval> intervals = new ArrayList<>(forecast.size());
        Map<LocalDate, double[]> perDay = new TreeMap<>();
        double hours = minutes / 60.0;
        for (Forecaster.Interval f : forecast) {
            Requirement r;
            try {
                r = f.calls() <= 0 || f.ahtSeconds() <= 0 ? Requirement.of(0, minutes * 60.0, 1, target, patience)
                    : Requirement.of(f.calls(), minutes * 60.0, f.ahtSeconds(), target, patience);
            } catch (IllegalArgumentException e) {
                throw new ValidationException("unreachable_target", "No staffing meets the target at " + f.start() + ": " + e.getMessage(),
                    "target");
            }
            var s = r.staffing();
            boolean none = r.onPhones() == 0;
            intervals.add(new ForecastInterval(f.start(), f.start().atZone(zone).toInstant(), dec(f.calls(), 2), dec(f.ahtSeconds(), 1),
                r.onPhones(), r.scheduled(), dec(s.erlangs(), 3), none ? null : dec(s.serviceLevel(), 4), none ? null : dec(s.asaSeconds(), 1),
                none ? null : dec(s.occupancy(), 4), none ? null : dec(s.abandonRate(), 4)));
            double[] d = perDay.computeIfAbsent(f.start().toLocalDate(), k -> new double[5]);
            d[0] += f.calls();
            d[1] += f.calls() * f.ahtSeconds();
            d[2] += r.onPhones() * hours;
            d[3] += r.scheduled() * hours;
            d[4] = Math.max(d[4], r.scheduled());
        }
        List<ForecastDay> dayRows = new ArrayList<>();
        for (var e : perDay.entrySet()) {
            double[] d = e.getValue();
            double factor = 1;
            for (Adjustment a : adjustments) {
                if (!e.getKey().isBefore(a.from()) && !e.getKey().isAfter(a.to())) {
                    factor *= a.factor().doubleValue();
                }
            }
            dayRows.add(new ForecastDay(e.getKey(), dec(d[0], 1), d[0] == 0 ? null : dec(d[1] / d[0], 1), dec(d[2], 2), dec(d[3], 2),
                (int) d[4], holidays.contains(e.getKey()), dec(factor, 4)));
        }
        List<LocalDate> within = holidays.stream().filter(h -> !h.isBefore(from) && !h.isAfter(from.plusDays(days - 1L))).sorted().toList();
        int used = Math.min(Forecaster.MAX_WEEKS, weeks);
        return new Forecast(new ForecastQuery(queue.name(), from, days, minutes, t), zone.getId(), used, lastSunday.minusDays(used * 7L - 1),
            lastSunday, within, adjustments, accuracy, intervals, dayRows);
    }

    /** The target with the defaults filled in and each figure checked. */
    private static Target target(Target in, CallQueue queue) {
        Target t = in == null ? new Target(null, null, null, null, null, null, null) : in;
        double sl = t.serviceLevel() == null ? 0.80 : t.serviceLevel();
        int within = t.withinSeconds() == null ? Math.max(1, queue.serviceLevelSeconds()) : t.withinSeconds();
        double occ = t.maxOccupancy() == null ? 0.85 : t.maxOccupancy();
        double shrink = t.shrinkage() == null ? 0.30 : t.shrinkage();
        share(sl, 0, 0.999, "serviceLevel");
        if (within < 0 || within > 3600) {
            throw new ValidationException("out_of_range", "withinSeconds is 0 to 3600", "withinSeconds");
        }
        share(occ, 0.01, 1, "maxOccupancy");
        share(shrink, 0, 0.9, "shrinkage");
        if (t.maxAsaSeconds() != null && !(t.maxAsaSeconds() > 0 && t.maxAsaSeconds() <= 3600)) {
            throw new ValidationException("out_of_range", "maxAsaSeconds is above 0, at most 3600", "maxAsaSeconds");
        }
        if (t.patienceSeconds() != null && !(t.patienceSeconds() > 0 && t.patienceSeconds() <= 3600)) {
            throw new ValidationException("out_of_range", "patienceSeconds (the callers' mean patience) is above 0, at most 3600", "patienceSeconds");
        }
        if (t.maxAbandonRate() != null) {
            share(t.maxAbandonRate(), 0.0001, 0.99, "maxAbandonRate");
            if (t.patienceSeconds() == null) {
                throw new ValidationException("required", "An abandon ceiling needs the callers' patience (patienceSeconds)", "patienceSeconds");
            }
        }
        return new Target(sl, within, occ, shrink, t.maxAsaSeconds(), t.maxAbandonRate(), t.patienceSeconds());
    }

    private static void share(double v, double min, double max, String field) {
        if (!(v >= min && v <= max)) {
            throw new ValidationException("out_of_range", field + " is a share from " + min + " to " + max, field);
        }
    }

    /** The last whole week (Monday to Sunday) of the history before {@code from} ends on this Sunday. */
    static LocalDate lastSundayBefore(LocalDate from) {
        LocalDate end = from.minusDays(1);
        while (end.getDayOfWeek() != DayOfWeek.SUNDAY) {
            end = end.minusDays(1);
        }
        return end;
    }

    /** Whole weeks of history before {@code from} (as the forecaster counts them). */
    static int weeksOf(List<Forecaster.Observation> history, LocalDate from) {
        LocalDate earliest = history.stream().map(o -> o.start().toLocalDate()).filter(d -> d.isBefore(from)).min(LocalDate::compareTo).orElse(null);
        return earliest == null ? 0 : (int) Math.max(0, (ChronoUnit.DAYS.between(earliest, lastSundayBefore(from)) + 1) / 7);
    }

    /** The week from {@code monday} forecast from the weeks before it, and the seasonal-naive baseline, against what happened. */
    private static Accuracy accuracy(List<Forecaster.Observation> history, int minutes, Set<LocalDate> holidays, LocalDate monday) {
        Map<LocalDateTime, Double> actual = new java.util.HashMap<>();
        double sum = 0;
        for (Forecaster.Observation o : history) {
            LocalDate d = o.start().toLocalDate();
            if (!d.isBefore(monday) && d.isBefore(monday.plusDays(7))) {
                actual.merge(o.start(), o.calls(), Double::sum);
                sum += o.calls();
            }
        }
        double wape = Forecaster.wape(Forecaster.forecast(history, minutes, holidays, monday, 7, List.of()), actual);
        double naive = Forecaster.wape(Forecaster.seasonalNaive(history, minutes, monday, 7), actual);
        return new Accuracy(monday, monday.plusDays(6), finite(wape), finite(naive), dec(sum, 1));
    }

    private static BigDecimal finite(double v) {
        return Double.isFinite(v) ? dec(v, 4) : null;
    }

    static BigDecimal dec(double v, int scale) {
        return BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP);
    }

    /**
     * The queue's calls per interval of [from, to) as observations: the quarter-hour aggregates (offered; handling time of
     * the answered calls) and imported history, folded into intervals of {@code minutes}. An interval whose calls were
     * none answered takes the history's mean handling time.
     */
    private List<Forecaster.Observation> history(String queue, ZoneId zone, LocalDate from, LocalDate to, int minutes) {
        Instant a = from.atStartOfDay(zone).toInstant();
        Instant b = to.atStartOfDay(zone).toInstant();
        // interval start → calls, handled calls, handling seconds
        Map<LocalDateTime, double[]> at = new LinkedHashMap<>();
        jpa.tenant(em -> {
            for (Object[] r : em.createQuery("select x.bucket, sum(x.offered), sum(x.answered), sum(x.talkMs + x.holdMs + x.wrapMs) "
                    + "from IntervalEntity x where x.queue = :q and x.bucket >= :a and x.bucket < :b group by x.bucket", Object[].class)
                .setParameter("q", queue).setParameter("a", a).setParameter("b", b).getResultList()) {
                double[] v = at.computeIfAbsent(slot((Instant) r[0], zone, minutes), k -> new double[3]);
                v[0] += ((Number) r[1]).doubleValue();
                v[1] += ((Number) r[2]).doubleValue();
                v[2] += ((Number) r[3]).doubleValue() / 1000.0;
            }
            for (HistoryEntity h : em.createQuery("select h from HistoryEntity h where h.queue = :q and h.bucket >= :a and h.bucket < :b",
                    HistoryEntity.class).setParameter("q", queue).setParameter("a", a).setParameter("b", b).getResultList()) {
                double[] v = at.computeIfAbsent(slot(h.bucket, zone, minutes), k -> new double[3]);
                v[0] += h.calls.doubleValue();
                v[1] += h.calls.doubleValue();
                v[2] += h.handleSeconds.doubleValue();
            }
            return null;
        });
        double handled = 0;
        double seconds = 0;
        for (double[] v : at.values()) {
            handled += v[1];
            seconds += v[2];
        }
        double mean = handled == 0 ? 0 : seconds / handled;
        List<Forecaster.Observation> out = new ArrayList<>(at.size());
        at.forEach((start, v) -> out.add(new Forecaster.Observation(start, v[0], v[1] > 0 ? v[2] / v[1] : mean)));
        return out;
    }

    /** The local start of the interval of {@code minutes} an instant falls in. */
    static LocalDateTime slot(Instant at, ZoneId zone, int minutes) {
        LocalDateTime t = LocalDateTime.ofInstant(at, zone).truncatedTo(ChronoUnit.MINUTES);
        int m = t.getHour() * 60 + t.getMinute();
        return t.toLocalDate().atStartOfDay().plusMinutes(m - m % minutes);
    }

    // ================================================================== adjustments

    @Override
    public List<Adjustment> adjustments(String queue) {
        Permissions.require("forecasts", "read");
        TenantContext.requireTenant();
        return jpa.tenant(em -> (queue == null
            ? em.createQuery("select a from AdjustmentEntity a order by a.from, a.id", AdjustmentEntity.class)
            : em.createQuery("select a from AdjustmentEntity a where a.queue = :q order by a.from, a.id", AdjustmentEntity.class).setParameter("q", queue))
            .getResultList().stream().map(ForecastServiceImpl::view).toList());
    }

    private static Adjustment view(AdjustmentEntity a) {
        return new Adjustment(a.id, a.queue, a.from, a.to, a.factor, a.reason, a.createdBy, a.createdAt);
    }

    @Override
    public Adjustment addAdjustment(Adjustment in) {
        Permissions.require("forecasts", "write");
        String tenant = TenantContext.requireTenant();
        if (in == null) {
            throw new ValidationException("required", "An adjustment is required", "queue");
        }
        queue(in.queue());
        if (in.from() == null) {
            throw new ValidationException("required", "from (the first day) is required", "from");
        }
        if (in.to() == null) {
            throw new ValidationException("required", "to (the last day) is required", "to");
        }
        Shifts.year(in.from(), "from");
        Shifts.year(in.to(), "to");
        if (in.to().isBefore(in.from())) {
            throw new ValidationException("invalid_range", "to is before from", "to");
        }
        if (ChronoUnit.DAYS.between(in.from(), in.to()) >= 366) {
            throw new ValidationException("range_too_long", "An adjustment spans at most 366 days", "to");
        }
        if (in.factor() == null || in.factor().signum() < 0 || in.factor().compareTo(BigDecimal.TEN) > 0) {
            throw new ValidationException("out_of_range", "factor is 0 to 10 (1.4 is +40 %, 0.5 is half)", "factor");
        }
        if (in.reason() != null && in.reason().length() > 500) {
            throw new ValidationException("too_long", "reason is at most 500 characters", "reason");
        }
        AdjustmentEntity e = new AdjustmentEntity();
        e.id = UUID.randomUUID().toString();
        e.queue = in.queue();
        e.from = in.from();
        e.to = in.to();
        e.factor = in.factor().setScale(4, RoundingMode.HALF_UP);
        e.reason = in.reason() == null || in.reason().isBlank() ? null : in.reason().strip();
        e.createdBy = TenantContext.current().principal();
        e.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        jpa.tenant(em -> {
            em.persist(e);
            return null;
        });
        audit.record("forecasts.adjustment.add", e.id, e.queue + " " + e.from + ".." + e.to + " × " + e.factor.toPlainString()
            + (e.reason == null ? "" : " (" + e.reason + ")"));
        return view(e);
    }

    @Override
    public void removeAdjustment(String id) {
        Permissions.require("forecasts", "write");
        TenantContext.requireTenant();
        AdjustmentEntity e = jpa.tenant(em -> {
            AdjustmentEntity found = Jpa.get(em, AdjustmentEntity.class, id, "adjustment");
            em.remove(found);
            return found;
        });
        audit.record("forecasts.adjustment.remove", id, e.queue + " " + e.from + ".." + e.to + " × " + e.factor.toPlainString());
    }

    // ================================================================== imported history

    @Override
    public HistoryImport importHistory(String queueName, int minutes, byte[] csv) {
        Permissions.require("forecasts", "write");
        String tenant = TenantContext.requireTenant();
        CallQueue queue = queue(queueName);
        if (minutes != 15 && minutes != 30 && minutes != 60) {
            throw new ValidationException("out_of_range", "intervalMinutes is 15, 30 or 60", "intervalMinutes");
        }
        ZoneId zone = zone(tenant);
        List<CsvText.Row> rows = CsvFields.rows(csv);
        if (rows.size() > MAX_IMPORT_ROWS + 1) {
            throw new ValidationException("too_many_rows", "At most " + MAX_IMPORT_ROWS + " rows in one import", "file");
        }
        List<HistoryImport.Rejected> rejected = new ArrayList<>();
        // quarter-hour → calls, handling seconds (a later row for the same interval replaces an earlier one)
        Map<Instant, double[]> quarters = new TreeMap<>();
        int read = 0;
        int header = -1;
        for (CsvText.Row row : rows) {
            List<String> f = row.fields();
            if (f.stream().allMatch(String::isBlank)) {
                continue;
            }
            if (header < 0) {
                header = row.line();
                if (f.size() < 3 || !f.get(0).strip().equalsIgnoreCase("start") || !f.get(1).strip().equalsIgnoreCase("calls")) {
                    throw new ValidationException("invalid_header", "The first line is the header start,calls,aht_seconds", "file");
                }
                continue;
            }
            read++;
            String raw = row.raw();
            try {
                LocalDateTime start = CsvFields.start(f.get(0));
                if (start.getMinute() % minutes != 0 && minutes != 60 || minutes == 60 && start.getMinute() != 0) {
                    throw new IllegalArgumentException("start is not on a " + minutes + "-minute boundary");
                }
                if (start.toLocalDate().isAfter(LocalDate.now(zone))) {
                    throw new IllegalArgumentException("start is in the future");
                }
                double calls = CsvFields.number(f.size() > 1 ? f.get(1) : "", "calls", 1_000_000);
                double aht = CsvFields.number(f.size() > 2 ? f.get(2) : "", "aht_seconds", 86_400);
                int parts = minutes / 15;
                for (int p = 0; p < parts; p++) {
                    quarters.put(start.plusMinutes(15L * p).atZone(zone).toInstant(), new double[] {calls / parts, calls / parts * aht});
                }
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                rejected.add(new HistoryImport.Rejected(row.line(), e.getMessage(), raw));
            }
        }
        if (quarters.isEmpty() && read == 0) {
            throw new ValidationException("required", "The file has no rows after its header", "file");
        }
        jpa.tenant(em -> {
            for (var q : quarters.entrySet()) {
                String id = tenant + "|" + queue.name() + "|" + q.getKey();
                HistoryEntity h = Jpa.find(em, HistoryEntity.class, id);
                boolean created = h == null;
                if (created) {
                    h = new HistoryEntity();
                    h.id = id;
                    h.queue = queue.name();
                    h.bucket = q.getKey();
                }
                h.calls = dec(q.getValue()[0], 4);
                h.handleSeconds = dec(q.getValue()[1], 4);
                if (created) {
                    em.persist(h);
                }
            }
            return null;
        });
        int accepted = read - rejected.size();
        audit.record("forecasts.history.import", queue.name(), accepted + " interval(s) of " + minutes + " minutes imported, "
            + rejected.size() + " rejected");
        return new HistoryImport(queue.name(), minutes, read, accepted, rejected);
    }
}
