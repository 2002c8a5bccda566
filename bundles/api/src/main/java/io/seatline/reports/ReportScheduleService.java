package io.seatline.reports;

import java.time.Instant;
import java.util.List;

/**
 * Reports mailed on a schedule (定时报表) for the tenant in context: a KPI report over the day, week or month just ended,
 * as XLSX or CSV in English or Chinese, to a list of addresses, at an hour of the tenant's time zone. A Camel route
 * (integration bundle) asks {@link #due} for the mails whose time has come, sends them through the platform's SMTP
 * server and reports each outcome with {@link #delivered}. Permissions: {@code reports:read} to list, {@code
 * reports:schedule} to change and send.
 */
public interface ReportScheduleService {

    List<ReportSchedule> schedules();

    /**
     * Creates (no id) or replaces a schedule; its next sending is computed from now. Audited.
     *
     * @throws io.seatline.core.ValidationException no name ({@code name}), an hour outside 0-23 ({@code hour}), a weekday
     *         outside 1-7 or a day of month outside 1-28 ({@code day}), no or a malformed address ({@code recipients}),
     *         an unknown format or language ({@code format}, {@code language}), an unknown queue or team ({@code queue},
     *         {@code team})
     */
    ReportSchedule save(ReportSchedule schedule);

    void delete(String id);

    /** Sends the schedule's report of the period just ended at the route's next look (within seconds). Audited. */
    ReportSchedule sendNow(String id);

    /**
     * System work across tenants (the delivery route): every schedule whose time has come, its file rendered and its next
     * time moved on (a mail is sent at most once; one missed while the platform was down is sent once it is back).
     */
    List<ReportMail> due();

    /** The route's outcome for a mail: sent (error null) or not, with the reason. */
    void delivered(String tenantId, String scheduleId, String error);

    /** DAILY (yesterday), WEEKLY (last Monday to Sunday) or MONTHLY (last month). */
    enum Cadence { DAILY, WEEKLY, MONTHLY }

    /**
     * A schedule: what (granularity, dimension, queue, team, comparison of the KPI report), when ({@code cadence} at
     * {@code hour}:00 local; {@code day}: the weekday 1-7 of a weekly one, the day of month 1-28 of a monthly one), how
     * ({@code format} xlsx or csv, {@code language} en or zh-CN) and to whom; the last sending and the next.
     */
    record ReportSchedule(String id, String name, Cadence cadence, Integer hour, Integer day, ReportService.Granularity granularity,
                          ReportService.Dimension by, String queue, String team, ReportService.Compare compare, String format, String language,
                          List<String> recipients, Instant nextAt, Instant lastSentAt, String lastError, String lastPeriod) {
    }

    /** A mail to send: to whom, subject, text, the attached report. */
    record ReportMail(String tenantId, String scheduleId, List<String> to, String subject, String text, ReportService.ReportFile file) {
    }
}
