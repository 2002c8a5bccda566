package io.seatline.billing.internal;

import io.seatline.billing.internal.InvoiceBuilder.TenantInfo;
import io.seatline.billing.internal.entity.ChargeEntity;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.persistence.EntityManager;

/**
 * What a billing run reads of a batch of tenants for one period: profiles, subscriptions, fees and discounts, the live
 * invoices of the period and around it, the usage summary by category and band, the unrated counts, recording bytes
 * and shared-seat sessions: one query per kind of data for the whole batch, not one per tenant (those with bounds in the
 * tenant's time zone once per zone present in the batch).
 */
final class RunInputs {
    /** A usage summary row: category, band, calls, billable seconds, amount. */
    record UsageRow(String category, String band, long calls, long seconds, BigDecimal amount) {
    }

    /** One tenant's share of the batch. */
    static final class Of {
        ProfileEntity profile;
        final List<SubscriptionEntity> subscriptions = new ArrayList<>();
        final List<ChargeEntity> charges = new ArrayList<>();
        /** The tenant's draft or issued invoice of the period, or null. */
        InvoiceEntity live;
        /** Whether the previous period is invoiced (its invoice billed this period's seats in advance). */
        boolean advanceBilled;
        /** The first later period already invoiced, or null. */
        String later;
        final List<UsageRow> usage = new ArrayList<>();
        long unrated;
        long recordingBytes;
        final List<Instant[]> sharedSessions = new ArrayList<>();
    }

    private RunInputs() {
    }

    static Map<String, Of> load(EntityManager em, List<TenantInfo> batch, Period p) {
        Map<String, Of> out = new LinkedHashMap<>();
        batch.forEach(t -> out.put(t.id(), new Of()));
        List<String> ids = new ArrayList<>(out.keySet());
        for (ProfileEntity pr : em.createQuery("select p from ProfileEntity p where p.id in :ids", ProfileEntity.class).setParameter("ids", ids)
            .getResultList()) {
            out.get(pr.id).profile = pr;
        }
        for (SubscriptionEntity s : em.createQuery("select s from SubscriptionEntity s where s.tenantId in :ids order by s.validFrom",
            SubscriptionEntity.class).setParameter("ids", ids).getResultList()) {
            out.get(s.getTenantId()).subscriptions.add(s);
        }
        for (ChargeEntity c : em.createQuery("select c from ChargeEntity c where c.tenantId in :ids order by c.validFrom, c.createdAt, c.id",
            ChargeEntity.class).setParameter("ids", ids).getResultList()) {
            out.get(c.getTenantId()).charges.add(c);
        }
        String period = p.toString();
        for (InvoiceEntity i : em.createQuery("select i from InvoiceEntity i where i.tenantId in :ids and i.kind = 'INVOICE' "
            + "and i.liveKey is not null and i.period >= :prev order by i.period", InvoiceEntity.class).setParameter("ids", ids)
            .setParameter("prev", p.previous().toString()).getResultList()) {
            Of o = out.get(i.getTenantId());
            int c = i.period.compareTo(period);
            if (c < 0) {
                o.advanceBilled = true;
            } else if (c == 0) {
                o.live = i;
            } else if (o.later == null) {
                o.later = i.period;
            }
        }
        // the running totals rating keeps (Tally), not a GROUP BY over every rated call
        for (Object r : em.createNativeQuery("select tenant_id, category, band_key, calls, billable_seconds, amount from sl_bill_usage_total "
            + "where tenant_id in (:ids) and period_key = :p and category <> 'NOT_ANSWERED' order by tenant_id, category, band_key")
            .setParameter("ids", ids).setParameter("p", period).getResultList()) {
            Object[] row = (Object[]) r;
            String band = (String) row[2];
            out.get((String) row[0]).usage.add(new UsageRow((String) row[1], band.isEmpty() ? null : band, ((Number) row[3]).longValue(),
                ((Number) row[4]).longValue(), new BigDecimal(row[5].toString())));
        }
        for (Object[] r : em.createQuery("select u.tenantId, count(u) from UnratedEntity u where u.tenantId in :ids and u.period = :p "
            + "group by u.tenantId", Object[].class).setParameter("ids", ids).setParameter("p", period).getResultList()) {
            out.get((String) r[0]).unrated = ((Number) r[1]).longValue();
        }
        Map<ZoneId, List<String>> zones = new HashMap<>();
        batch.forEach(t -> zones.computeIfAbsent(t.zone(), z -> new ArrayList<>()).add(t.id()));
        zones.forEach((zone, zoneIds) -> {
            Timestamp from = Timestamp.from(p.start().atStartOfDay(zone).toInstant());
            Timestamp end = Timestamp.from(p.end().atStartOfDay(zone).toInstant());
            for (Object r : em.createNativeQuery("select tenant_id, coalesce(sum(size_bytes), 0) from sl_recording where tenant_id in (:ids) "
                + "and started_at < :end and (expires_at is null or expires_at >= :end) group by tenant_id").setParameter("ids", zoneIds)
                .setParameter("end", end).getResultList()) {
                Object[] row = (Object[]) r;
                out.get((String) row[0]).recordingBytes = ((Number) row[1]).longValue();
            }
            for (Object r : em.createNativeQuery("select tenant_id, started_at, ended_at from sl_seat_session where tenant_id in (:ids) "
                + "and kind = 'SHARED' and started_at < :end and ended_at > :from").setParameter("ids", zoneIds).setParameter("from", from)
                .setParameter("end", end).getResultList()) {
                Object[] row = (Object[]) r;
                out.get((String) row[0]).sharedSessions.add(new Instant[] {Rating.instant(row[1]), Rating.instant(row[2])});
            }
        });
        return out;
    }

    /**
     * The tenants of the batch with telephony CDRs offered around the period (from the day before it to the day after,
     * in the tenant's zone) that have neither a usage nor an unrated row ({@link Rating#unaccounted}).
     */
    static List<String> missed(EntityManager em, List<TenantInfo> batch, Period p) {
        Map<String, Instant[]> spans = new LinkedHashMap<>();
        batch.forEach(t -> spans.put(t.id(), window(p, t.zone())));
        return Rating.unaccounted(em, spans);
    }

    /** The span in which a run looks for CDRs it missed: a day either side of the period, in {@code zone}. */
    static Instant[] window(Period p, ZoneId zone) {
        return new Instant[] {p.start().minusDays(1).atStartOfDay(zone).toInstant(), p.end().plusDays(1).atStartOfDay(zone).toInstant()};
    }
}
