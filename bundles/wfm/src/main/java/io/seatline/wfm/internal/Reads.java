package io.seatline.wfm.internal;

import io.seatline.reports.ReportService.Dimension;
import io.seatline.reports.ReportService.Granularity;
import io.seatline.reports.ReportService.KpiQuery;
import io.seatline.telephony.AgentState;
import io.seatline.wfm.Totals;
import io.seatline.wfm.internal.entity.AgentMarkEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

/** How reports read the aggregates: the queries and the folding into periods and groups, for the service and its benchmark. */
final class Reads {
    private Reads() {
    }

    private static final String COUNTERS = "x.offered, x.answered, x.answeredInTarget, x.abandoned, x.shortAbandoned, x.abandonedInTarget, "
        + "x.waitMs, x.maxWaitMs, x.talkMs, x.holdMs, x.wrapMs, x.transferred, x.surveyed, x.csatSum, x.loggedInMs, x.availableMs";

    static Totals totals(Object[] row, int at) {
        long[] v = new long[16];
        for (int i = 0; i < 16; i++) {
            v[i] = ((Number) row[at + i]).longValue();
        }
        return new Totals(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
    }

    /**
     * Sums the counters of [from, to] of the tenant {@code em} is scoped to into {@code rows} (period → group → totals;
     * null to skip) and returns the total; agents' open spans (the state they are in now) count up to now. Quarter-hour
     * rows for 15 minutes and hours, day rows for the rest.
     */
    static Totals sum(EntityManager em, ZoneId zone, KpiQuery q, LocalDate from, LocalDate to, Map<String, String> teamOf,
                      Map<String, Map<String, Totals>> rows) {
        boolean quarters = q.granularity() == Granularity.MIN15 || q.granularity() == Granularity.HOUR;
        Instant start = Periods.start(from, zone);
        Instant end = Periods.start(to.plusDays(1), zone);
        List<String> members = q.team() == null ? null : teamOf.entrySet().stream().filter(e -> e.getValue().equals(q.team()))
            .map(Map.Entry::getKey).toList();
        Totals[] total = {Totals.ZERO};
        // the whole company by day, week or month: the tenant's days (30 rows a month); else the rows of queues and agents
        boolean whole = !quarters && q.by() == Dimension.TENANT && q.queue() == null && q.agent() == null && members == null;
        String jpql = quarters
            ? "select x.bucket, x.queue, x.agent, " + COUNTERS + " from IntervalEntity x where x.bucket >= :a and x.bucket < :b"
            : whole ? "select x.day, x.id, x.id, " + COUNTERS + " from TenantDayEntity x where x.day >= :a and x.day <= :b"
            : "select x.day, x.queue, x.agent, " + COUNTERS + " from DayEntity x where x.day >= :a and x.day <= :b";
        if (q.queue() != null) {
            jpql += " and x.queue = :queue";
        }
        if (q.agent() != null) {
            jpql += " and x.agent = :agent";
        }
        if (members != null) {
            jpql += members.isEmpty() ? " and 1 = 0" : " and x.agent in :members";
        }
        TypedQuery<Object[]> query = em.createQuery(jpql, Object[].class);
        if (quarters) {
            query.setParameter("a", start).setParameter("b", end);
        } else {
            query.setParameter("a", from).setParameter("b", to);
        }
        if (q.queue() != null) {
            query.setParameter("queue", q.queue());
        }
        if (q.agent() != null) {
            query.setParameter("agent", q.agent());
        }
        if (members != null && !members.isEmpty()) {
            query.setParameter("members", members);
        }
        for (Object[] row : query.getResultList()) {
            String period = quarters ? Periods.period((Instant) row[0], q.granularity(), zone)
                : Periods.period((LocalDate) row[0], q.granularity());
            Totals t = totals(row, 3);
            total[0] = total[0].plus(t);
            add(rows, period, group(q.by(), (String) row[1], (String) row[2], teamOf), t);
        }
        if (q.queue() == null) {
            openSpans(em, zone, q, members, teamOf, start, end, rows, total);
        }
        return total[0];
    }

    /** The time of agents in a state now, from the state's start (or the range's) to now (or the range's end). */
    private static void openSpans(EntityManager em, ZoneId zone, KpiQuery q, List<String> members, Map<String, String> teamOf, Instant start, Instant end,
                                  Map<String, Map<String, Totals>> rows, Totals[] total) {
        Instant now = Instant.now();
        Instant until = now.isBefore(end) ? now : end;
        if (!until.isAfter(start)) {
            return;
        }
        for (AgentMarkEntity m : em.createQuery("select m from AgentMarkEntity m where m.since < :until", AgentMarkEntity.class)
            .setParameter("until", until).getResultList()) {
            if ((q.agent() != null && !q.agent().equals(m.userId)) || (members != null && !members.contains(m.userId))) {
                continue;
            }
            Instant from = m.since.isAfter(start) ? m.since : start;
            for (Facts.Slice s : Facts.ofSpan(AgentState.valueOf(m.state), from, until)) {
                String period = q.granularity() == Granularity.MIN15 || q.granularity() == Granularity.HOUR
                    ? Periods.period(s.quarter(), q.granularity(), zone) : Periods.period(s.quarter().atZone(zone).toLocalDate(), q.granularity());
                total[0] = total[0].plus(s.totals());
                add(rows, period, group(q.by(), "", m.userId, teamOf), s.totals());
            }
        }
    }

    /** The group a row counts in, or null when it counts in none (a queue's calls by agent when nobody answered...). */
    private static String group(Dimension by, String queue, String agent, Map<String, String> teamOf) {
        return switch (by) {
            case TENANT -> "";
            case QUEUE -> queue.isEmpty() ? null : queue;
            case AGENT -> agent.isEmpty() ? null : agent;
            case TEAM -> agent.isEmpty() || teamOf == null ? null : teamOf.get(agent);
        };
    }

    private static void add(Map<String, Map<String, Totals>> rows, String period, String group, Totals t) {
        if (rows == null || group == null) {
            return;
        }
        rows.computeIfAbsent(period, p -> new HashMap<>()).merge(group, t, Totals::plus);
    }

    /** Every tenant's day rows of [from, to] summed: tenant id, then the 16 counters (the longest wait maxed). */
    static List<Object[]> byTenant(EntityManager em, LocalDate from, LocalDate to) {
        return em.createQuery("select x.tenantId, sum(x.offered), sum(x.answered), sum(x.answeredInTarget), "
            + "sum(x.abandoned), sum(x.shortAbandoned), sum(x.abandonedInTarget), sum(x.waitMs), max(x.maxWaitMs), sum(x.talkMs), sum(x.holdMs), "
            + "sum(x.wrapMs), sum(x.transferred), sum(x.surveyed), sum(x.csatSum), sum(x.loggedInMs), sum(x.availableMs) from TenantDayEntity x "
            + "where x.day >= :a and x.day <= :b group by x.tenantId", Object[].class).setParameter("a", from).setParameter("b", to).getResultList();
    }

}
