package io.seatline.reports;

import java.time.LocalDate;
import java.util.List;

/**
 * KPI reports of the tenant in context ({@code tenant:T:reports:read}; rebuilding needs {@code reports:rebuild}), and
 * the operator's summary across tenants. Dates are the tenant's calendar days (its time zone); ranges are inclusive.
 */
public interface ReportService {

    /**
     * The report: one row per period and group, the range's total, and (when asked) the same range a period or a year
     * before with the change of each figure.
     *
     * @throws io.seatline.core.ValidationException {@code from} after {@code to} (field {@code from}), a range too long
     *         for its granularity (field {@code to}: 62 days at 15 minutes, 366 days by the hour, 2 years by the day), an
     *         unknown queue, agent or team (field {@code queue}, {@code agent}, {@code team})
     */
    KpiReport kpis(KpiQuery query);

    /**
     * The report as a file: {@code csv} (UTF-8 with a byte-order mark, so Excel reads Chinese) or {@code xlsx}, its
     * headers in {@code language} ({@code en} or {@code zh-CN}); the comparison, when asked, follows the rows.
     */
    ReportFile export(KpiQuery query, String format, String language);

    /**
     * Recomputes the aggregates of [from, to] from the raw CDRs and agent state changes (after a crash, a correction,
     * or to check them): the figures afterwards are those the live aggregation gives. Audited.
     */
    Rebuild rebuild(LocalDate from, LocalDate to);

    /** The operator's summary: every tenant's totals over [from, to] (UTC days), busiest first. Operator only. */
    List<TenantKpis> summary(LocalDate from, LocalDate to);

    /** Report periods: 15 minutes, an hour, a day, a week (from Monday) or a month. */
    enum Granularity { MIN15, HOUR, DAY, WEEK, MONTH }

    /** How rows are grouped: the whole tenant, or by queue, team or agent. */
    enum Dimension { TENANT, QUEUE, TEAM, AGENT }

    /** Comparison: none, the period just before (环比: as long, ending the day before {@code from}), a year before (同比). */
    enum Compare { NONE, PREVIOUS, YEAR }

    /**
     * What to report. Null granularity, dimension or compare take DAY, TENANT and NONE; {@code queue}, {@code agent}
     * and {@code team} narrow the calls counted (each optional).
     */
    record KpiQuery(LocalDate from, LocalDate to, Granularity granularity, Dimension by, String queue, String agent, String team,
                    Compare compare) {
    }

    /**
     * The figures of one period and group. Counts are whole; rates are shares (0-1); times are seconds; a figure that
     * has no base (no call answered, no agent logged in) is null.
     *
     * @param offered                calls that reached a queue
     * @param answered               answered by an agent
     * @param abandoned              the caller hung up waiting (short abandons included)
     * @param shortAbandoned         hung up within the short-abandon threshold
     * @param answeredInTarget       answered within the queue's service-level target
     * @param transferred            answered calls passed on
     * @param surveyed               calls whose caller scored the survey
     * @param serviceLevel           answered in target ÷ (offered − short abandons)
     * @param serviceLevelOfAnswered answered in target ÷ answered
     * @param asaSeconds             mean wait of answered calls
     * @param longestWaitSeconds     the longest wait, answered or not
     * @param abandonRate            (abandoned − short) ÷ (offered − short)
     * @param ahtSeconds             (talk + hold + after-call work) ÷ answered
     * @param talkSeconds            mean talk of answered calls
     * @param holdSeconds            mean hold of answered calls
     * @param acwSeconds             mean after-call work of answered calls
     * @param occupancy              handling time ÷ time available (ready, ringing, on a call, wrap-up)
     * @param utilisation            handling time ÷ time logged in
     * @param transferRate           transferred ÷ answered
     * @param callsPerHour           answered ÷ hours logged in
     * @param csat                   mean survey score (1-5)
     * @param loggedInHours          agents' hours logged in
     */
    record Kpis(long offered, long answered, long abandoned, long shortAbandoned, long answeredInTarget, long transferred, long surveyed,
                Double serviceLevel, Double serviceLevelOfAnswered, Double asaSeconds, Double longestWaitSeconds, Double abandonRate,
                Double ahtSeconds, Double talkSeconds, Double holdSeconds, Double acwSeconds, Double occupancy, Double utilisation,
                Double transferRate, Double callsPerHour, Double csat, double loggedInHours) {
    }

    /**
     * One row: the period's start ({@code 2026-12-01}, {@code 2026-12-01T08:15} in the tenant's zone; a week by its
     * Monday, a month by its first day) and the group ({@code key} the queue's name, team's or agent's id; null for the
     * tenant; {@code label} its display name).
     */
    record KpiRow(String period, String key, String label, Kpis kpis) {
    }

    /** The comparison range's total and each figure's change from it as a share ({@code serviceLevel: 0.05} = 5 % up). */
    record Comparison(Compare compare, LocalDate from, LocalDate to, Kpis total, java.util.Map<String, Double> change) {
    }

    /**
     * A report: its query (defaults filled in), the tenant's zone, the short-abandon threshold used, the rows (by
     * period, then group), the range's total, the comparison or null.
     */
    record KpiReport(KpiQuery query, String timezone, int shortAbandonSeconds, List<KpiRow> rows, Kpis total, Comparison comparison) {
    }

    /** An exported report: file name, media type and content. */
    record ReportFile(String fileName, String mediaType, byte[] content) {
    }

    /** A rebuild's work: the days, calls and state changes read, and how long it took. */
    record Rebuild(LocalDate from, LocalDate to, long calls, long stateChanges, long millis) {
    }

    /** One tenant's totals in the operator's summary. */
    record TenantKpis(String tenantId, String displayName, Kpis kpis) {
    }
}
