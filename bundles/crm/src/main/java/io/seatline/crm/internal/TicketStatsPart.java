package io.seatline.crm.internal;

import io.seatline.core.Page;
import io.seatline.core.Permissions;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.TicketService.Category;
import io.seatline.crm.TicketService.TicketStats;
import io.seatline.crm.TicketService.TicketStatsRow;
import io.seatline.tenancy.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ticket statistics (工单统计): one GROUP BY over the tickets created in the range for the counts, and the resolved ones'
 * created and resolved times for the mean time to resolve.
 */
final class TicketStatsPart extends TicketPart {
    static final List<String> BY = List.of("CATEGORY", "STATUS", "DEPARTMENT", "AGENT", "TEAM");

    TicketStatsPart(TicketServiceImpl owner) {
        super(owner);
    }

    TicketStats stats(LocalDate from, LocalDate to, String by) {
        Permissions.requireAny("tickets:assign", "reports:read");
        String tenant = TenantContext.requireTenant();
        String group = by == null || by.isBlank() ? "CATEGORY" : by.strip().toUpperCase(java.util.Locale.ROOT);
        if (!BY.contains(group)) {
            throw new ValidationException("invalid_by", "Tickets are counted by one of " + BY, "by");
        }
        if (from == null || to == null) {
            throw new ValidationException("required", "Statistics cover the days from-to", from == null ? "from" : "to");
        }
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > 366) {
            throw new ValidationException("invalid_range", "from is on or before to, at most 366 days apart", "from");
        }
        String tz = owner.directory.tenant(tenant).timezone();
        ZoneId zone = tz == null || tz.isBlank() ? ZoneId.of("UTC") : ZoneId.of(tz);
        Instant a = from.atStartOfDay(zone).toInstant();
        Instant b = to.plusDays(1).atStartOfDay(zone).toInstant();
        Instant now = owner.now();
        String field = switch (group) {
            case "CATEGORY" -> "t.category";
            case "STATUS" -> "t.status";
            case "DEPARTMENT" -> "t.department";
            case "AGENT" -> "t.assigneeUserId";
            default -> "t.teamId";
        };
        String open = "t.resolvedAt is null and t.closedAt is null";
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, double[]> satisfaction = new HashMap<>();
        Map<String, double[]> hours = new HashMap<>();
        jpa.tenant(em -> {
            for (Object[] r : em.createQuery("select " + field + ", count(t), sum(case when " + open + " then 1 else 0 end), "
                    + "sum(case when t.resolvedAt is not null then 1 else 0 end), "
                    + "sum(case when (t.resolvedAt is not null and t.resolvedAt > t.dueAt) or (" + open + " and t.dueAt < :now) then 1 else 0 end), "
                    + "sum(t.revisitScore), count(t.revisitScore) from TicketEntity t where t.createdAt >= :a and t.createdAt < :b group by " + field,
                    Object[].class).setParameter("a", a).setParameter("b", b).setParameter("now", now).getResultList()) {
                String key = r[0] == null ? "" : r[0].toString();
                counts.put(key, new long[] {num(r[1]), num(r[2]), num(r[3]), num(r[4])});
                satisfaction.put(key, new double[] {num(r[5]), num(r[6])});
            }
            for (Object[] r : em.createQuery("select " + field + ", t.createdAt, t.resolvedAt from TicketEntity t where t.createdAt >= :a "
                    + "and t.createdAt < :b and t.resolvedAt is not null", Object[].class).setParameter("a", a).setParameter("b", b).getResultList()) {
                String key = r[0] == null ? "" : r[0].toString();
                double h = Duration.between((Instant) r[1], (Instant) r[2]).toMillis() / 3_600_000.0;
                double[] s = hours.computeIfAbsent(key, k -> new double[2]);
                s[0] += h;
                s[1]++;
            }
            return null;
        });
        Map<String, String> labels = labels(group);
        List<TicketStatsRow> rows = new ArrayList<>();
        long[] total = new long[4];
        double[] totalSat = new double[2];
        double[] totalHours = new double[2];
        for (var e : counts.entrySet()) {
            long[] c = e.getValue();
            double[] s = satisfaction.get(e.getKey());
            double[] h = hours.getOrDefault(e.getKey(), new double[2]);
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
            totalSat[0] += s[0];
            totalSat[1] += s[1];
            totalHours[0] += h[0];
            totalHours[1] += h[1];
            rows.add(row(e.getKey(), e.getKey().isEmpty() ? null : labels.getOrDefault(e.getKey(), e.getKey()), c, s, h));
        }
        rows.sort(java.util.Comparator.comparingLong(TicketStatsRow::created).reversed().thenComparing(r -> r.key()));
        return new TicketStats(from, to, group, zone.getId(), rows, row(null, null, total, totalSat, totalHours));
    }

    private static TicketStatsRow row(String key, String label, long[] c, double[] sat, double[] hours) {
        return new TicketStatsRow(key, label, c[0], c[1], c[2], c[3], c[0] == 0 ? null : round((double) c[3] / c[0], 4),
            hours[1] == 0 ? null : round(hours[0] / hours[1], 2), sat[1] == 0 ? null : round(sat[0] / sat[1], 2));
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    /** Display names of the groups: categories' names, agents' and teams' names. */
    private Map<String, String> labels(String group) {
        Map<String, String> out = new HashMap<>();
        switch (group) {
            case "CATEGORY" -> jpa.tenant(em -> {
                for (Category c : categories(em)) {
                    out.put(c.name(), c.label() == null || c.label().isBlank() ? c.name() : c.label());
                }
                return null;
            });
            case "AGENT" -> Permissions.asService("tickets", () -> {
                for (User u : Page.all(users::list)) {
                    out.put(u.id(), u.displayName() == null || u.displayName().isBlank() ? u.login() : u.displayName());
                }
                return null;
            });
            case "TEAM" -> Permissions.asService("tickets", () -> {
                Page.all(teams::list).forEach(t -> out.put(t.id(), t.name()));
                return null;
            });
            default -> {
            }
        }
        return out;
    }
}
