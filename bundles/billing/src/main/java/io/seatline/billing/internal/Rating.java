package io.seatline.billing.internal;

import io.seatline.billing.RatingResult;
import io.seatline.billing.internal.calc.Rater;
import io.seatline.billing.internal.entity.CallRow;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import io.seatline.billing.internal.entity.UnratedEntity;
import io.seatline.billing.internal.entity.UsageEntity;
import io.seatline.telephony.Cdr;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;

/**
 * Rates calls into sl_bill_usage, at most once per CDR id (the row's key): a CDR already rated is left as it is, so
 * feeding the same CDRs again changes nothing. The rate that applied is stored with the call. A call no rate matches
 * goes to sl_bill_unrated with the reason; rating it again (after rates were added) moves it to usage.
 */
final class Rating {
    private final Catalog catalog;

    Rating(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Rates {@code cdrs} in {@code em}'s transaction. {@code zones} gives a tenant's time zone, or null for a tenant that
     * does not exist (its CDRs are REJECTED). {@code telephony}: the CDRs are telephony's own (sl_cdr), so their rows are
     * counted by {@link #unaccounted}.
     */
    List<RatingResult> rate(EntityManager em, List<Cdr> cdrs, Function<String, ZoneId> zones, Instant now, boolean telephony) {
        List<String> ids = cdrs.stream().map(Cdr::id).filter(java.util.Objects::nonNull).toList();
        Map<String, UsageEntity> done = new HashMap<>();
        Set<String> unrated = new HashSet<>();
        for (int i = 0; i < ids.size(); i += 500) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
            em.createQuery("select u from UsageEntity u where u.cdrId in :ids", UsageEntity.class).setParameter("ids", chunk).getResultList()
                .forEach(u -> done.put(u.cdrId, u));
            unrated.addAll(em.createQuery("select u.cdrId from UnratedEntity u where u.cdrId in :ids", String.class).setParameter("ids", chunk)
                .getResultList());
        }
        Map<String, List<SubscriptionEntity>> subs = new HashMap<>();
        Tally tally = new Tally();
        List<PlanVersionEntity> versions = null;
        Set<String> seen = new HashSet<>();
        List<RatingResult> out = new ArrayList<>();
        for (Cdr c : cdrs) {
            if (c.id() == null || c.id().isBlank() || c.tenantId() == null) {
                out.add(new RatingResult(c.id(), "REJECTED", null, null, "a CDR needs an id and a tenantId"));
                continue;
            }
            UsageEntity had = done.get(c.id());
            if (had != null || !seen.add(c.id())) {
                out.add(new RatingResult(c.id(), "ALREADY_RATED", had == null ? null : had.amount, had == null ? null : had.currency, null));
                continue;
            }
            ZoneId zone = zones.apply(c.tenantId());
            if (zone == null) {
                out.add(new RatingResult(c.id(), "REJECTED", null, null, "unknown tenant '" + c.tenantId() + "'"));
                continue;
            }
            if (c.offeredAt() == null || c.direction() == null) {
                out.add(new RatingResult(c.id(), "REJECTED", null, null, "a CDR needs direction and offeredAt"));
                continue;
            }
            if (unrated.contains(c.id())) {
                for (UnratedEntity old : em.createQuery("select u from UnratedEntity u where u.cdrId = :id", UnratedEntity.class)
                    .setParameter("id", c.id()).getResultList()) {
                    if (old.cdrOfferedAt != null) {
                        tally.telephony(old.getTenantId(), old.cdrOfferedAt, -1);
                    }
                    em.remove(old);
                }
                em.flush(); // the unrated row goes before a usage or unrated row of the same CDR comes
            }
            if (versions == null) {
                versions = Catalog.versions(em);
            }
            Instant at = c.answeredAt() != null ? c.answeredAt() : c.offeredAt();
            LocalDate day = at.atZone(zone).toLocalDate();
            String period = Period.of(day).toString();
            String direction = c.direction().toUpperCase(Locale.ROOT);
            String number = digits("INBOUND".equals(direction) ? (c.did() != null ? c.did() : c.to()) : c.to());
            List<SubscriptionEntity> tenantSubs = subs.computeIfAbsent(c.tenantId(), t -> Catalog.subscriptions(em, t));
            PlanVersionEntity v = InvoiceBuilder.version(tenantSubs, versions, day);
            boolean internal = "INTERNAL".equals(direction);
            if (c.answeredAt() == null || c.talkMs() <= 0 || internal) {
                // an internal call (an agent's phone calling another agent) uses no carrier: nothing to charge either
                UsageEntity u = usage(c, period, "NOT_ANSWERED", number, v == null ? null : v.id, BigDecimal.ZERO, v == null ? "---" : v.currency, now,
                    telephony);
                u.detail = internal ? "internal call between agents: no carrier, nothing to charge" : "not answered: nothing to charge";
                em.persist(u);
                tally.usage(u);
                out.add(new RatingResult(c.id(), "RATED", u.amount, u.currency, u.detail));
                continue;
            }
            if (!"INBOUND".equals(direction) && !"OUTBOUND".equals(direction)) {
                out.add(unrated(em, c, period, direction, number, "direction '" + c.direction() + "' is not rated (INBOUND or OUTBOUND)", now,
                    telephony, tally));
                continue;
            }
            if (v == null) {
                out.add(unrated(em, c, period, direction, number, "tenant " + c.tenantId() + " has no rate plan on " + day, now, telephony, tally));
                continue;
            }
            Rater.Rated r = catalog.rater(em, v, zone).rate(direction, number, c.answeredAt(), c.talkMs());
            if (r.unrated() != null) {
                out.add(unrated(em, c, period, direction, number, r.unrated(), now, telephony, tally));
                continue;
            }
            UsageEntity u = usage(c, period, "VOICE_" + direction, number, v.id, r.amount(), v.currency, now, telephony);
            Rater.Piece first = r.pieces().get(0);
            u.billableSeconds = r.billableSeconds();
            u.prefix = first.prefix();
            u.band = first.band();
            u.perMinute = first.perMinute();
            u.increment = r.increment();
            u.connectionFee = r.connectionFee();
            String pieces = r.pieces().stream().map(p -> p.band() + " " + p.seconds() + "s × " + p.perMinute().stripTrailingZeros().toPlainString()
                + "/min (" + p.prefix() + ")").collect(Collectors.joining(" + "));
            u.detail = clip(pieces + (r.connectionFee().signum() > 0 ? " + connection " + r.connectionFee().stripTrailingZeros().toPlainString() : "")
                + (r.minimumApplied() != null ? "; minimum " + r.minimumApplied().stripTrailingZeros().toPlainString() + " applied" : ""), 500);
            em.persist(u);
            tally.usage(u);
            out.add(new RatingResult(c.id(), "RATED", u.amount, u.currency, null));
        }
        tally.flush(em);
        return out;
    }

    private static UsageEntity usage(Cdr c, String period, String category, String number, String version, BigDecimal amount, String currency,
                                     Instant now, boolean telephony) {
        UsageEntity u = call(new UsageEntity(), c, period, number, telephony);
        u.category = category;
        u.planVersionId = version;
        u.amount = amount;
        u.currency = currency;
        u.ratedAt = now;
        return u;
    }

    /** The call's own fields of a rating row. */
    private static <T extends CallRow> T call(T row, Cdr c, String period, String number, boolean telephony) {
        row.cdrId = c.id();
        row.setTenantId(c.tenantId());
        row.period = period;
        row.number = clip(number, 64);
        row.answeredAt = c.answeredAt();
        row.talkMs = c.talkMs();
        row.cdrOfferedAt = telephony ? c.offeredAt() : null;
        return row;
    }

    private static RatingResult unrated(EntityManager em, Cdr c, String period, String direction, String number, String reason, Instant now,
                                        boolean telephony, Tally tally) {
        UnratedEntity u = call(new UnratedEntity(), c, period, number, telephony);
        u.direction = clip(direction, 16);
        u.reason = clip(reason, 300);
        u.notedAt = now;
        em.persist(u);
        if (telephony) {
            tally.telephony(u.getTenantId(), c.offeredAt(), 1);
        }
        return new RatingResult(c.id(), "UNRATED", null, null, u.reason);
    }

    /**
     * Whether some CDR telephony wrote for {@code tenant} in [{@code from}, {@code to}) (widened to whole UTC days) has
     * neither a usage nor an unrated row: the CDRs counted in sl_cdr against the rows rated from telephony CDRs, which
     * rating counts per UTC day as it writes them ({@link Tally}). One statement: an index range count and a sum over
     * about one row per day, instead of {@link #backlog}'s anti-join over every CDR (which runs only when this says so).
     */
    static boolean unaccounted(EntityManager em, String tenant, Instant from, Instant to) {
        return !unaccounted(em, Map.of(tenant, new Instant[] {from, to})).isEmpty();
    }

    /**
     * {@link #unaccounted} for several tenants, each with its own span, in one statement: a UNION ALL of one part per
     * tenant, so that each part is an index range read of its own (H2 reads an IN list with a range far slower).
     */
    static List<String> unaccounted(EntityManager em, Map<String, Instant[]> spans) {
        if (spans.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, Instant[]> e : spans.entrySet()) {
            Instant[] w = Tally.utcDays(e.getValue()[0], e.getValue()[1]);
            int n = params.size();
            sql.append(sql.length() == 0 ? "" : " union all ").append("select cast(?").append(n + 1).append(" as varchar(32)), (select count(*) ")
                .append("from sl_cdr where tenant_id = ?").append(n + 1).append(" and offered_at >= ?").append(n + 2).append(" and offered_at < ?")
                .append(n + 3).append(") - (select coalesce(sum(rated), 0) from sl_bill_rated_day where tenant_id = ?").append(n + 1)
                .append(" and day_utc >= ?").append(n + 4).append(" and day_utc < ?").append(n + 5).append(")");
            params.addAll(List.of(e.getKey(), Timestamp.from(w[0]), Timestamp.from(w[1]), java.sql.Date.valueOf(Tally.day(w[0])),
                java.sql.Date.valueOf(Tally.day(w[1]))));
        }
        javax.persistence.Query q = em.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
        List<String> out = new ArrayList<>();
        for (Object r : q.getResultList()) {
            Object[] row = (Object[]) r;
            if (((Number) row[1]).longValue() != 0) {
                out.add((String) row[0]);
            }
        }
        return out;
    }

    /**
     * The tenant's written CDRs (sl_cdr of the telephony bundle) that are neither rated nor unrated yet, offered in
     * [{@code from}, {@code to}): calls whose CDR event was missed (e.g. billing was stopped) are rated here.
     */
    @SuppressWarnings("unchecked")
    static List<Cdr> backlog(EntityManager em, String tenant, Instant from, Instant to, int max) {
        Instant[] w = Tally.utcDays(from, to); // the span unaccounted counts
        return cdrs(em.createNativeQuery(CDR_COLUMNS + "where c.tenant_id = ?1 and c.offered_at >= ?2 and c.offered_at < ?3 "
                + "and not exists (select 1 from sl_bill_usage u where u.cdr_id = c.id) "
                + "and not exists (select 1 from sl_bill_unrated x where x.cdr_id = c.id) order by c.offered_at")
            .setParameter(1, tenant).setParameter(2, Timestamp.from(w[0])).setParameter(3, Timestamp.from(w[1])).setMaxResults(max).getResultList());
    }

    /** The tenant's CDRs (telephony's) with these ids, with what rating needs of them; ids not (yet) written are left out. */
    static List<Cdr> cdrs(EntityManager em, String tenant, List<String> ids) {
        List<Cdr> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            out.addAll(cdrs(em.createNativeQuery(CDR_COLUMNS + "where c.tenant_id = :tenant and c.id in (:ids)").setParameter("tenant", tenant)
                .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 500))).getResultList()));
        }
        return out;
    }

    private static final String CDR_COLUMNS = "select c.id, c.tenant_id, c.direction, c.from_party, c.to_party, c.did, c.offered_at, c.answered_at, "
        + "c.ended_at, c.talk_ms, c.disposition from sl_cdr c ";

    @SuppressWarnings("unchecked")
    private static List<Cdr> cdrs(List<?> rows) {
        List<Cdr> out = new ArrayList<>();
        for (Object[] r : (List<Object[]>) rows) {
            out.add(new Cdr((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5], null, null, null, null,
                instant(r[6]), instant(r[7]), instant(r[8]), 0, ((Number) r[9]).longValue(), 0, null, (String) r[10], null, 0, List.of(), null, null,
                null, null, null));
        }
        return out;
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (o instanceof java.time.LocalDateTime ldt) {
            return Timestamp.valueOf(ldt).toInstant();
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (Instant) o;
    }

    static String digits(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < number.length(); i++) {
            char ch = number.charAt(i);
            if (ch >= '0' && ch <= '9') {
                d.append(ch);
            } else if (ch == '@') {
                break; // a SIP URI's user part
            }
        }
        return d.toString();
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
