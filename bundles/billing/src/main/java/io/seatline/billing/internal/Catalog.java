package io.seatline.billing.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.billing.Band;
import io.seatline.billing.internal.calc.Increment;
import io.seatline.billing.internal.calc.Rate;
import io.seatline.billing.internal.calc.RateTable;
import io.seatline.billing.internal.calc.Rater;
import io.seatline.billing.internal.calc.TimeBands;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.RateEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import io.seatline.core.ValidationException;
import io.seatline.persistence.JsonColumns;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.persistence.EntityManager;

/**
 * Plan versions, subscriptions and the rate tables built from them. A rate table is built once per plan version and
 * kept (a 50 k-prefix table takes a while to load); {@link #forget} drops it when the version's rates are replaced.
 */
final class Catalog {
    private final Map<String, RateTable> tables = new ConcurrentHashMap<>();
    private final Map<String, Rater> raters = new ConcurrentHashMap<>();

    /** The version of {@code plan} in force on {@code day}, or null. */
    static PlanVersionEntity versionAt(List<PlanVersionEntity> versions, String plan, LocalDate day) {
        for (PlanVersionEntity v : versions) {
            if (v.plan.equals(plan) && !v.validFrom.isAfter(day) && (v.validTo == null || v.validTo.isAfter(day))) {
                return v;
            }
        }
        return null;
    }

    static List<PlanVersionEntity> versions(EntityManager em) {
        return em.createQuery("select v from PlanVersionEntity v order by v.plan, v.validFrom", PlanVersionEntity.class).getResultList();
    }

    /** The subscription in force on {@code day} (subscriptions sorted by start), or null. */
    static SubscriptionEntity subscriptionAt(List<SubscriptionEntity> subs, LocalDate day) {
        SubscriptionEntity in = null;
        for (SubscriptionEntity s : subs) {
            if (!s.validFrom.isAfter(day)) {
                in = s;
            }
        }
        return in;
    }

    static List<SubscriptionEntity> subscriptions(EntityManager em, String tenant) {
        return em.createQuery("select s from SubscriptionEntity s where s.tenantId = :t order by s.validFrom", SubscriptionEntity.class)
            .setParameter("t", tenant).getResultList();
    }

    Rater rater(EntityManager em, PlanVersionEntity v, ZoneId zone) {
        return raters.computeIfAbsent(v.id + "|" + zone.getId(), k -> new Rater(table(em, v), bands(v, zone)));
    }

    RateTable table(EntityManager em, PlanVersionEntity v) {
        return tables.computeIfAbsent(v.id, id -> RateTable.build(em.createQuery("select r from RateEntity r where r.versionId = :v order by r.rowNo",
            RateEntity.class).setParameter("v", id).getResultStream().map(Catalog::rate).toList()));
    }

    void forget(String versionId) {
        tables.remove(versionId);
        raters.keySet().removeIf(k -> k.startsWith(versionId + "|"));
    }

    static Rate rate(RateEntity r) {
        return new Rate(r.direction, r.prefix, r.band, r.perMinute, r.connectionFee, r.minimumCharge, Increment.parse(r.increment), r.description);
    }

    static List<Band> bands(String json) {
        return JsonColumns.read(json, new TypeReference<List<Band>>() { });
    }

    static TimeBands bands(PlanVersionEntity v, ZoneId zone) {
        return timeBands(bands(v.bandsJson), v.defaultBand, zone);
    }

    /** The calculator's bands from the API's; bad days or times are refused with the band's field. */
    static TimeBands timeBands(List<Band> bands, String defaultBand, ZoneId zone) {
        List<TimeBands.Band> out = new ArrayList<>();
        for (int i = 0; i < bands.size(); i++) {
            Band b = bands.get(i);
            String field = "bands[" + i + "]";
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : b.days() == null ? List.<String>of() : b.days()) {
                days.add(day(d, field + ".days"));
            }
            out.add(new TimeBands.Band(b.name(), days, time(b.from(), field + ".from"), time(b.to(), field + ".to")));
        }
        return new TimeBands(out, defaultBand, zone);
    }

    private static DayOfWeek day(String d, String field) {
        String u = d == null ? "" : d.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().startsWith(u) && u.length() >= 3) {
                return w;
            }
        }
        throw new ValidationException("invalid_day", "days are MON, TUE, WED, THU, FRI, SAT, SUN: '" + d + "'", field);
    }

    private static LocalTime time(String t, String field) {
        if ("24:00".equals(t)) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(t == null ? "" : t);
        } catch (DateTimeParseException e) {
            throw new ValidationException("invalid_time", "a time is HH:mm (24:00 for midnight at the end of the day): '" + t + "'", field);
        }
    }
}
