package io.seatline.wfm.internal;

import io.seatline.core.ValidationException;
import io.seatline.reports.ReportService.Compare;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.reports.ReportService.Kpis;
import io.seatline.wfm.Totals;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;

/** Report periods and ranges in the tenant's zone, the checks on a query, and KPIs from counters: pure. */
final class Periods {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private Periods() {
    }

    /** The longest range, in days, each granularity may cover. */
    static long maxDays(Granularity g) {
        return switch (g) {
            case MIN15 -> 62;
            case HOUR -> 366;
            case DAY -> 731;
            case WEEK, MONTH -> 3660;
        };
    }

    /** The query with defaults filled in, checked. */
    static KpiQuery check(KpiQuery q) {
        if (q == null || q.from() == null) {
            throw new ValidationException("invalid_range", "from is required (a date, 2026-12-01)", "from");
        }
        if (q.to() == null) {
            throw new ValidationException("invalid_range", "to is required (a date, 2026-12-31)", "to");
        }
        if (q.from().isAfter(q.to())) {
            throw new ValidationException("invalid_range", "from (" + q.from() + ") is after to (" + q.to() + ")", "from");
        }
        Granularity g = q.granularity() == null ? Granularity.DAY : q.granularity();
        long days = ChronoUnit.DAYS.between(q.from(), q.to()) + 1;
        if (days > maxDays(g)) {
            throw new ValidationException("range_too_long", "A report by " + g.name().toLowerCase() + " covers at most " + maxDays(g)
                + " days; this one covers " + days, "to");
        }
        return new KpiQuery(q.from(), q.to(), g, q.by() == null ? io.seatline.reports.ReportService.Dimension.TENANT : q.by(),
            blank(q.queue()), blank(q.agent()), blank(q.team()), q.compare() == null ? Compare.NONE : q.compare());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The first instant of {@code day} in {@code zone}. */
    /** A tenant's time zone (UTC when it has none). */
    static ZoneId zone(io.seatline.tenancy.TenantDirectory directory, String tenant) {
        String tz = directory.tenant(tenant).timezone();
        return tz == null || tz.isBlank() ? ZoneId.of("UTC") : ZoneId.of(tz);
    }

    static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The period a quarter-hour belongs to, as its start in the zone. */
    static String period(Instant quarter, Granularity g, ZoneId zone) {
        ZonedDateTime t = quarter.atZone(zone);
        return switch (g) {
            case MIN15 -> MINUTE.format(t);
            case HOUR -> MINUTE.format(t.truncatedTo(ChronoUnit.HOURS));
            default -> period(t.toLocalDate(), g);
        };
    }

    /** The period a day belongs to (a day, its week's Monday, its month's first day). */
    static String period(LocalDate day, Granularity g) {
        return switch (g) {
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> day.withDayOfMonth(1).toString();
            default -> day.toString();
        };
    }

    /** The range a comparison reads: as long and ending the day before (环比), or a year before (同比). */
    static LocalDate[] compared(LocalDate from, LocalDate to, Compare c) {
        if (c == Compare.YEAR) {
            return new LocalDate[] {from.minusYears(1), to.minusYears(1)};
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return new LocalDate[] {from.minusDays(days), from.minusDays(1)};
    }

    private static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    static Kpis kpis(Totals t) {
        return new Kpis(t.offered(), t.answered(), t.abandoned(), t.shortAbandoned(), t.answeredInTarget(), t.transferred(), t.surveyed(),
            num(t.serviceLevel()), num(t.serviceLevelOfAnswered()), num(t.asaSeconds()), t.offered() == 0 ? null : t.maxWaitMs() / 1000.0,
            num(t.abandonRate()), num(t.ahtSeconds()), t.answered() == 0 ? null : t.talkMs() / 1000.0 / t.answered(),
            t.answered() == 0 ? null : t.holdMs() / 1000.0 / t.answered(), num(t.acwSeconds()), num(t.occupancy()), num(t.utilisation()),
            num(t.transferRate()), num(t.callsPerHour()), num(t.csat()), t.loggedInMs() / 3_600_000.0);
    }

    /** Each figure of {@code k} by name (counts and rates), in the order reports show them. */
    static Map<String, Double> figures(Kpis k) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("offered", (double) k.offered());
        m.put("answered", (double) k.answered());
        m.put("abandoned", (double) k.abandoned());
        m.put("shortAbandoned", (double) k.shortAbandoned());
        m.put("answeredInTarget", (double) k.answeredInTarget());
        m.put("serviceLevel", k.serviceLevel());
        m.put("serviceLevelOfAnswered", k.serviceLevelOfAnswered());
        m.put("asaSeconds", k.asaSeconds());
        m.put("longestWaitSeconds", k.longestWaitSeconds());
        m.put("abandonRate", k.abandonRate());
        m.put("ahtSeconds", k.ahtSeconds());
        m.put("talkSeconds", k.talkSeconds());
        m.put("holdSeconds", k.holdSeconds());
        m.put("acwSeconds", k.acwSeconds());
        m.put("transferred", (double) k.transferred());
        m.put("transferRate", k.transferRate());
        m.put("occupancy", k.occupancy());
        m.put("utilisation", k.utilisation());
        m.put("callsPerHour", k.callsPerHour());
        m.put("loggedInHours", k.loggedInHours());
        m.put("surveyed", (double) k.surveyed());
        m.put("csat", k.csat());
        return m;
    }

    /** The change of every figure from {@code before} to {@code now} (null where there is no base). */
    static Map<String, Double> change(Kpis before, Kpis now) {
        Map<String, Double> b = figures(before);
        Map<String, Double> n = figures(now);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : n.entrySet()) {
            Double x = b.get(e.getKey());
            Double y = e.getValue();
            out.put(e.getKey(), x == null || y == null ? null : num(Totals.change(x, y)));
        }
        return out;
    }
}
