package io.seatline.wfm.internal;

import io.seatline.core.CallContext;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.reports.ReportScheduleService;
import io.seatline.reports.ReportService;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Dimension;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.security.AuditService;
import io.seatline.tenancy.TenantDirectory;
import io.seatline.wfm.internal.entity.ReportScheduleEntity;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports mailed on a schedule: stored per tenant, each with its next sending; {@link #due} (the delivery route's, every
 * few seconds) renders those whose time has come with {@link ReportService#export} in the tenant's context and moves
 * their next time on before handing them over, so a mail is sent at most once. "Now" is an injectable clock (a {@code
 * java.time.Clock} service with {@code seatline.clock=true}).
 */
@Component(service = ReportScheduleService.class)
public class ReportScheduleServiceImpl implements ReportScheduleService {
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduleServiceImpl.class);
    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+$");
    static final int MAX_RECIPIENTS = 20;

    @Reference(target = "(osgi.unit.name=seatline-wfm)")
    private EntityManagerFactory emf;
    @Reference
    ReportService reports;
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

    @Override
    public List<ReportSchedule> schedules() {
        Permissions.require("reports", "read");
        TenantContext.requireTenant();
        return jpa.tenant(em -> em.createQuery("select s from ReportScheduleEntity s order by s.name", ReportScheduleEntity.class).getResultList()
            .stream().map(ReportScheduleServiceImpl::view).toList());
    }

    private static ReportSchedule view(ReportScheduleEntity s) {
        return new ReportSchedule(s.id, s.name, Cadence.valueOf(s.cadence), s.hour, s.day, Granularity.valueOf(s.granularity), Dimension.valueOf(s.by),
            s.queue, s.team, Compare.valueOf(s.compare), s.format, s.language, Arrays.asList(s.recipients.split(",")), s.nextAt, s.lastSentAt,
            s.lastError, s.lastPeriod);
    }

    @Override
    public ReportSchedule save(ReportSchedule in) {
        Permissions.require("reports", "schedule");
        String tenant = TenantContext.requireTenant();
        if (in == null || in.name() == null || in.name().isBlank() || in.name().strip().length() > 120) {
            throw new ValidationException("required", "A scheduled report has a name of at most 120 characters", "name");
        }
        if (in.name().codePoints().anyMatch(Character::isISOControl)) {
            throw new ValidationException("invalid_name", "A report's name has no control characters (it goes into the mail's subject)", "name");
        }
        Cadence cadence = in.cadence() == null ? Cadence.DAILY : in.cadence();
        int hour = in.hour() == null ? 8 : in.hour();
        if (hour < 0 || hour > 23) {
            throw new ValidationException("out_of_range", "The hour is 0-23 (the company's time zone)", "hour");
        }
        Integer day = cadence == Cadence.DAILY ? null : in.day() == null ? 1 : in.day();
        if (cadence == Cadence.WEEKLY && (day < 1 || day > 7)) {
            throw new ValidationException("out_of_range", "A weekly report's day is 1 (Monday) to 7 (Sunday)", "day");
        }
        if (cadence == Cadence.MONTHLY && (day < 1 || day > 28)) {
            throw new ValidationException("out_of_range", "A monthly report's day is 1-28 (every month has it)", "day");
        }
        String format = in.format() == null ? "xlsx" : in.format().toLowerCase(Locale.ROOT);
        if (!format.equals("xlsx") && !format.equals("csv")) {
            throw new ValidationException("invalid_format", "A report file is xlsx or csv", "format");
        }
        String language = in.language() == null ? "en" : in.language();
        if (!language.equals("en") && !language.equals("zh-CN")) {
            throw new ValidationException("invalid_language", "A report is in en or zh-CN", "language");
        }
        List<String> to = new ArrayList<>();
        for (String r : in.recipients() == null ? List.<String>of() : in.recipients()) {
            String a = r == null ? "" : r.strip();
            if (!ADDRESS.matcher(a).matches() || !a.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new ValidationException("invalid_email", "Not an e-mail address: " + a, "recipients");
            }
            if (!to.contains(a)) {
                to.add(a);
            }
        }
        if (to.isEmpty() || to.size() > MAX_RECIPIENTS) {
            throw new ValidationException("required", "A scheduled report goes to 1-" + MAX_RECIPIENTS + " addresses", "recipients");
        }
        Granularity granularity = in.granularity() == null ? Granularity.DAY : in.granularity();
        Dimension by = in.by() == null ? Dimension.TENANT : in.by();
        Compare compare = in.compare() == null ? Compare.NONE : in.compare();
        String queue = blank(in.queue());
        String team = blank(in.team());
        // the report must be one the company can run (an unknown queue or team, a granularity too fine for the period)
        LocalDate[] sample = ReportTimes.period(cadence, LocalDate.now(clock.withZone(zone(tenant))));
        reports.kpis(new KpiQuery(sample[0], sample[1], granularity, by, queue, null, team, compare));
        ZoneId zone = zone(tenant);
        String who = TenantContext.current().principal();
        Instant now = clock.instant();
        ReportScheduleEntity saved = jpa.tenant(em -> {
            ReportScheduleEntity e = in.id() == null ? null : Jpa.get(em, ReportScheduleEntity.class, in.id(), "scheduled report");
            boolean created = e == null;
            if (created) {
                e = new ReportScheduleEntity();
                e.id = UUID.randomUUID().toString();
            }
            e.name = in.name().strip();
            e.cadence = cadence.name();
            e.hour = hour;
            e.day = day;
            e.granularity = granularity.name();
            e.by = by.name();
            e.queue = queue;
            e.team = team;
            e.compare = compare.name();
            e.format = format;
            e.language = language;
            e.recipients = String.join(",", to);
            e.nextAt = ReportTimes.next(cadence, hour, day, zone, now);
            e.updatedBy = who;
            e.updatedAt = Instant.now();
            if (created) {
                em.persist(e);
            }
            return e;
        });
        audit.record("reports.schedule.save", saved.id, saved.name + ": " + cadence + " " + hour + ":00 to " + saved.recipients);
        return view(saved);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public void delete(String id) {
        Permissions.require("reports", "schedule");
        TenantContext.requireTenant();
        String name = jpa.tenant(em -> {
            ReportScheduleEntity e = Jpa.get(em, ReportScheduleEntity.class, id, "scheduled report");
            em.remove(e);
            return e.name;
        });
        audit.record("reports.schedule.delete", id, name);
    }

    @Override
    public ReportSchedule sendNow(String id) {
        Permissions.require("reports", "schedule");
        TenantContext.requireTenant();
        Instant now = clock.instant();
        ReportScheduleEntity e = jpa.tenant(em -> {
            ReportScheduleEntity s = Jpa.get(em, ReportScheduleEntity.class, id, "scheduled report");
            s.nextAt = now;
            return s;
        });
        audit.record("reports.schedule.send", id, e.name + " to " + e.recipients);
        return view(e);
    }

    private static final CallContext SYSTEM = CallContext.operator("report-schedule");

    @Override
    public List<ReportMail> due() {
        return TenantContext.call(SYSTEM, this::dueNow);
    }

    private List<ReportMail> dueNow() {
        Instant now = clock.instant();
        // across tenants: the schedules whose time has come, locked and moved on in one transaction before anything is
        // rendered or sent — a mail goes at most once, and a "send now" or an edit meanwhile is not overwritten
        record Due(String tenant, String id, String name, String granularity, String by, String queue, String team, String compare,
                   String format, String language, String recipients, LocalDate from, LocalDate to) {
        }
        List<Due> due = jpa.operator(em -> {
            List<Due> out = new ArrayList<>();
            for (ReportScheduleEntity s : em.createQuery("select s from ReportScheduleEntity s where s.nextAt <= :now order by s.nextAt",
                    ReportScheduleEntity.class).setParameter("now", now).setLockMode(javax.persistence.LockModeType.PESSIMISTIC_WRITE)
                    .setMaxResults(100).getResultList()) {
                ZoneId zone = zone(s.getTenantId());
                Cadence cadence = Cadence.valueOf(s.cadence);
                LocalDate[] period = ReportTimes.period(cadence, s.nextAt.atZone(zone).toLocalDate());
                s.nextAt = ReportTimes.next(cadence, s.hour, s.day, zone, now);
                if (directory.tenant(s.getTenantId()).status() != io.seatline.tenancy.TenantStatus.ACTIVE) {
                    continue; // a suspended or closed company is sent nothing (its schedules wait)
                }
                s.lastPeriod = period[0] + ".." + period[1];
                out.add(new Due(s.getTenantId(), s.id, s.name, s.granularity, s.by, s.queue, s.team, s.compare, s.format, s.language, s.recipients,
                    period[0], period[1]));
            }
            return out;
        });
        List<ReportMail> out = new ArrayList<>();
        for (Due s : due) {
            try {
                ReportService.ReportFile file = TenantContext.call(SYSTEM.withTenant(s.tenant()),
                    () -> reports.export(new KpiQuery(s.from(), s.to(), Granularity.valueOf(s.granularity()), Dimension.valueOf(s.by()), s.queue(), null,
                        s.team(), Compare.valueOf(s.compare())), s.format(), s.language()));
                String company = directory.tenant(s.tenant()).displayName();
                boolean zh = "zh-CN".equals(s.language());
                String range = s.from().equals(s.to()) ? s.from().toString() : s.from() + (zh ? " 至 " : " to ") + s.to();
                String subject = zh ? "Seatline 定时报表：" + s.name() + "（" + range + "）" : "Seatline report: " + s.name() + " (" + range + ")";
                String text = zh
                    ? company + "\n\n附件是定时报表“" + s.name() + "”，统计期间 " + range + "（" + zone(s.tenant()) + "）。\n\n此邮件由 Seatline 按计划自动发送。"
                    : company + "\n\nAttached is the scheduled report \"" + s.name() + "\" for " + range + " (" + zone(s.tenant()) + ").\n\nSent by Seatline on its schedule.";
                out.add(new ReportMail(s.tenant(), s.id(), Arrays.asList(s.recipients().split(",")), subject, text, file));
            } catch (RuntimeException ex) {
                // one schedule that cannot be rendered does not hold up the others
                String error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
                LOG.warn("Scheduled report {} of {} could not be rendered: {}", s.id(), s.tenant(), error);
                delivered(s.tenant(), s.id(), "not rendered: " + error);
            }
        }
        return out;
    }

    @Override
    public void delivered(String tenantId, String scheduleId, String error) {
        Instant now = clock.instant();
        TenantContext.call(SYSTEM, () -> jpa.operator(em -> {
            ReportScheduleEntity e = em.find(ReportScheduleEntity.class, scheduleId);
            if (e != null && tenantId.equals(e.getTenantId())) {
                if (error == null) {
                    e.lastSentAt = now;
                    e.lastError = null;
                } else {
                    e.lastError = error.length() > 1000 ? error.substring(0, 1000) : error;
                }
            }
            return null;
        }));
        if (error != null) {
            LOG.warn("Scheduled report {} of {} was not mailed: {}", scheduleId, tenantId, error);
        }
    }
}
