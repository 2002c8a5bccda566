package io.seatline.billing.internal;

import io.seatline.billing.internal.entity.UsageEntity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManager;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Running totals kept in the rating transaction, so that a billing run reads a few rows per tenant instead of every
 * rated call: {@code sl_bill_usage_total} (calls, billable seconds and amount per tenant, month, category and band) and
 * {@code sl_bill_rated_day} (usage and unrated rows rated from telephony CDRs, per tenant and UTC day of the CDR's
 * offered time, which the missed-CDR check compares with sl_cdr). The changes of one rating pass are gathered and
 * added with one upsert per key (MariaDB: INSERT … ON DUPLICATE KEY UPDATE; H2: MERGE … USING).
 */
final class Tally {
    private final Map<List<Object>, Object[]> totals = new LinkedHashMap<>();
    private final Map<List<Object>, long[]> days = new LinkedHashMap<>();

    /** The UTC day a CDR offered at {@code at} is counted under. */
    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    void usage(UsageEntity u) {
        Object[] t = totals.computeIfAbsent(List.of(u.getTenantId(), u.period, u.category, u.band == null ? "" : u.band),
            k -> new Object[] {0L, 0L, BigDecimal.ZERO});
        t[0] = (long) t[0] + 1;
        t[1] = (long) t[1] + u.billableSeconds;
        t[2] = ((BigDecimal) t[2]).add(u.amount);
        if (u.cdrOfferedAt != null) {
            telephony(u.getTenantId(), u.cdrOfferedAt, 1);
        }
    }

    /** A usage or unrated row rated from a telephony CDR offered at {@code offeredAt} was added (+1) or removed (-1). */
    void telephony(String tenant, Instant offeredAt, int delta) {
        days.computeIfAbsent(List.of(tenant, day(offeredAt)), k -> new long[1])[0] += delta;
    }

    void flush(EntityManager em) {
        boolean mysql = dialect(em) instanceof MySQLDialect;
        // keys in one order in every transaction, so that two rating passes cannot deadlock on each other's rows
        for (Map.Entry<List<Object>, Object[]> e : sorted(totals)) {
            List<Object> k = e.getKey();
            Object[] v = e.getValue();
            em.createNativeQuery(mysql
                    ? "insert into sl_bill_usage_total (tenant_id, period_key, category, band_key, calls, billable_seconds, amount) values "
                    + "(?1, ?2, ?3, ?4, ?5, ?6, ?7) on duplicate key update calls = calls + values(calls), billable_seconds = billable_seconds "
                    + "+ values(billable_seconds), amount = amount + values(amount)"
                    : "merge into sl_bill_usage_total t using (values (cast(?1 as varchar(32)), cast(?2 as varchar(7)), cast(?3 as varchar(32)), "
                    + "cast(?4 as varchar(32)), cast(?5 as bigint), cast(?6 as bigint), cast(?7 as decimal(19,6)))) "
                    + "s (tenant_id, period_key, category, band_key, calls, billable_seconds, amount) on t.tenant_id = s.tenant_id "
                    + "and t.period_key = s.period_key and t.category = s.category and t.band_key = s.band_key when matched then update set "
                    + "calls = t.calls + s.calls, billable_seconds = t.billable_seconds + s.billable_seconds, amount = t.amount + s.amount "
                    + "when not matched then insert (tenant_id, period_key, category, band_key, calls, billable_seconds, amount) values "
                    + "(s.tenant_id, s.period_key, s.category, s.band_key, s.calls, s.billable_seconds, s.amount)")
                .setParameter(1, k.get(0)).setParameter(2, k.get(1)).setParameter(3, k.get(2)).setParameter(4, k.get(3)).setParameter(5, v[0])
                .setParameter(6, v[1]).setParameter(7, v[2]).executeUpdate();
        }
        for (Map.Entry<List<Object>, long[]> e : sorted(days)) {
            if (e.getValue()[0] == 0) {
                continue;
            }
            List<Object> k = e.getKey();
            em.createNativeQuery(mysql
                    ? "insert into sl_bill_rated_day (tenant_id, day_utc, rated) values (?1, ?2, ?3) on duplicate key update rated = rated + values(rated)"
                    : "merge into sl_bill_rated_day t using (values (cast(?1 as varchar(32)), cast(?2 as date), cast(?3 as bigint))) s (tenant_id, "
                    + "day_utc, rated) on t.tenant_id = s.tenant_id and t.day_utc = s.day_utc when matched then update set rated = t.rated + s.rated "
                    + "when not matched then insert (tenant_id, day_utc, rated) values (s.tenant_id, s.day_utc, s.rated)")
                .setParameter(1, k.get(0)).setParameter(2, java.sql.Date.valueOf((LocalDate) k.get(1))).setParameter(3, e.getValue()[0])
                .executeUpdate();
        }
        totals.clear();
        days.clear();
    }

    private static <V> List<Map.Entry<List<Object>, V>> sorted(Map<List<Object>, V> map) {
        return map.entrySet().stream().sorted(java.util.Comparator.comparing(e -> e.getKey().toString())).toList();
    }

    private static Dialect dialect(EntityManager em) {
        return em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getJdbcServices().getDialect();
    }

    /** [from, to) widened to whole UTC days: the span the missed-CDR check counts, on both sides. */
    static Instant[] utcDays(Instant from, Instant to) {
        Instant a = day(from).atStartOfDay(ZoneOffset.UTC).toInstant();
        LocalDate last = day(to);
        Instant b = last.atStartOfDay(ZoneOffset.UTC).toInstant().equals(to) ? to : last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Instant[] {a, b};
    }
}
