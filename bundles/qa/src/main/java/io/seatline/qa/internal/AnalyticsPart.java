package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.qa.internal.calc.Stats;
import io.seatline.qa.internal.entity.EvaluationEntity;
import io.seatline.qa.internal.entity.ScorecardEntity;
import io.seatline.qa.internal.entity.ScorecardVersionEntity;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.User;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import javax.persistence.EntityManager;

/** Reports: scores by agent, team, item and period, and QA/CSAT correlation. One part of {@link QaServiceImpl}. */
final class AnalyticsPart extends QaPart {
    AnalyticsPart(QaServiceImpl owner) {
        super(owner);
    }

    /** Submitted regular evaluations of the period (by submission, in the tenant's zone), oldest first. */
    List<EvaluationEntity> scored(EntityManager em, LocalDate from, LocalDate to, ZoneId zone, String scorecardId, Integer version) {
        Jpa.Where w = new Jpa.Where("e").eq("kind", "REGULAR").eq("scorecardId", scorecardId).eq("versionNo", version)
            .atLeast("submittedAt", from == null ? null : from.atStartOfDay(zone).toInstant())
            .before("submittedAt", to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant()).and("e.status <> 'DRAFT'");
        return w.bind(em.createQuery("select e from EvaluationEntity e" + w.where() + " order by e.submittedAt", EvaluationEntity.class))
            .getResultList();
    }

    /** agent → team id → team name; agents without a team are in "-". */
    Function<String, String[]> grouping(String by) {
        String b = by == null ? "AGENT" : by.trim().toUpperCase(Locale.ROOT);
        if (!b.equals("AGENT") && !b.equals("TEAM")) {
            throw new ValidationException("invalid_by", "by is AGENT or TEAM", "by");
        }
        Map<String, String[]> cache = new HashMap<>();
        return agent -> cache.computeIfAbsent(agent, a -> {
            User u;
            try {
                u = users.get(a);
            } catch (NotFoundException e) {
                return new String[] {a, a};
            }
            if (b.equals("AGENT")) {
                return new String[] {a, u.displayName() == null ? u.username() : u.displayName()};
            }
            if (u.teamId() == null) {
                return new String[] {"-", "no team / 未分组"};
            }
            try {
                Team t = teams.get(u.teamId());
                return new String[] {t.id(), t.name()};
            } catch (NotFoundException e) {
                return new String[] {u.teamId(), u.teamId()};
            }
        });
    }

    public List<Trend> trends(String by, String granularity, LocalDate from, LocalDate to) {
        need("read");
        String g = granularity == null ? "WEEK" : granularity.trim().toUpperCase(Locale.ROOT);
        if (!g.equals("WEEK") && !g.equals("MONTH")) {
            throw new ValidationException("invalid_granularity", "granularity is WEEK or MONTH", "granularity");
        }
        Function<String, String[]> group = grouping(by);
        ZoneId zone = zone();
        List<EvaluationEntity> rows = tx(em -> scored(em, from, to, zone, null, null));
        Map<String, String> labels = new TreeMap<>();
        Map<String, TreeMap<String, List<BigDecimal>>> byKey = new TreeMap<>();
        for (EvaluationEntity e : rows) {
            if (e.score == null || e.agentUserId == null) {
                continue;
            }
            String[] k = group.apply(e.agentUserId);
            labels.put(k[0], k[1]);
            LocalDate day = e.submittedAt.atZone(zone).toLocalDate();
            String period = g.equals("WEEK") ? day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                : day.toString().substring(0, 7);
            byKey.computeIfAbsent(k[0], x -> new TreeMap<>()).computeIfAbsent(period, x -> new ArrayList<>()).add(e.score);
        }
        List<Trend> out = new ArrayList<>();
        byKey.forEach((key, periods) -> {
            List<TrendPoint> points = new ArrayList<>();
            BigDecimal prev = null;
            for (Map.Entry<String, List<BigDecimal>> p : periods.entrySet()) {
                BigDecimal avg = Stats.mean(p.getValue());
                points.add(new TrendPoint(p.getKey(), p.getValue().size(), avg, prev == null ? null : avg.subtract(prev)));
                prev = avg;
            }
            out.add(new Trend(key, labels.get(key), points));
        });
        return out;
    }

    public List<WeakSpot> weakSpots(String by, LocalDate from, LocalDate to) {
        need("read");
        Function<String, String[]> group = grouping(by);
        ZoneId zone = zone();
        List<EvaluationEntity> rows = tx(em -> scored(em, from, to, zone, null, null));
        Map<String, List<BigDecimal>> tenantItem = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, Map<String, List<BigDecimal>>> byKeyItem = new TreeMap<>();
        Map<String, String> labels = new HashMap<>();
        for (EvaluationEntity e : rows) {
            if (e.agentUserId == null) {
                continue;
            }
            String[] k = group.apply(e.agentUserId);
            labels.put(k[0], k[1]);
            for (ItemResult r : JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { })) {
                if (r.percent() == null || r.observeOnly()) {
                    continue;
                }
                texts.put(r.item(), r.text());
                tenantItem.computeIfAbsent(r.item(), x -> new ArrayList<>()).add(r.percent());
                byKeyItem.computeIfAbsent(k[0], x -> new TreeMap<>()).computeIfAbsent(r.item(), x -> new ArrayList<>()).add(r.percent());
            }
        }
        List<WeakSpot> out = new ArrayList<>();
        byKeyItem.forEach((key, items) -> items.forEach((item, values) -> {
            BigDecimal avg = Stats.mean(values);
            BigDecimal all = Stats.mean(tenantItem.get(item));
            BigDecimal gap = avg.subtract(all);
            // at least 3 scores, and 10 points below the tenant (or under 60 % outright)
            if (values.size() >= 3 && (gap.compareTo(BigDecimal.valueOf(-10)) <= 0 || avg.compareTo(BigDecimal.valueOf(60)) < 0)) {
                out.add(new WeakSpot(key, labels.get(key), item, texts.get(item), values.size(), avg, all, gap));
            }
        }));
        out.sort(Comparator.comparing(WeakSpot::gap).thenComparing(WeakSpot::key));
        return out;
    }

    public Distribution distribution(String scorecardId, LocalDate from, LocalDate to) {
        need("read");
        ZoneId zone = zone();
        return Stats.distribution(tx(em -> scored(em, from, to, zone, scorecardId, null)).stream().map(e -> e.score).filter(Objects::nonNull)
            .toList());
    }

    public CsatCorrelation csatCorrelation(String scorecardId, Integer version, LocalDate from, LocalDate to) {
        need("read");
        ZoneId zone = zone();
        return tx(em -> {
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            ScorecardVersionEntity v = versionOf(em, s, version);
            ScorecardSpec card = definition(v);
            List<EvaluationEntity> rows = scored(em, from, to, zone, s.id, v.versionNo).stream().filter(e -> e.csat != null).toList();
            Map<String, List<double[]>> pairs = new LinkedHashMap<>();
            Map<String, BigDecimal> weights = new LinkedHashMap<>();
            Map<String, String> texts = new LinkedHashMap<>();
            card.sections().forEach(sec -> sec.items().forEach(i -> {
                texts.put(i.key(), i.text());
                pairs.put(i.key(), new ArrayList<>());
                if (!i.observeOnly()) {
                    weights.put(i.key(), i.weight());
                }
            }));
            List<double[]> total = new ArrayList<>();
            for (EvaluationEntity e : rows) {
                if (e.score != null) {
                    total.add(new double[] {e.score.doubleValue(), e.csat});
                }
                for (ItemResult r : JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { })) {
                    if (r.percent() != null && pairs.containsKey(r.item())) {
                        pairs.get(r.item()).add(new double[] {r.percent().doubleValue(), e.csat});
                    }
                }
            }
            List<ItemCorrelation> items = Stats.correlate(texts, pairs, weights, QaServiceImpl.MIN_PAIRS);
            double tr = Stats.pearson(total);
            long small = items.stream().filter(i -> !i.enough()).count();
            String note = rows.size() < QaServiceImpl.MIN_PAIRS ? "only " + rows.size() + " evaluated calls have a CSAT score: at least " + QaServiceImpl.MIN_PAIRS
                + " are needed before a correlation says anything (turn on the post-call survey on more queues, or sample LOW_CSAT calls)"
                : small > 0 ? small + " items have fewer than " + QaServiceImpl.MIN_PAIRS + " scored calls with CSAT (N/A or unanswered): their weights are kept"
                : "items are ranked by how strongly their scores move with the callers' CSAT; the suggested weights move half way towards that";
            return new CsatCorrelation(s.id, v.versionNo, rows.size(), QaServiceImpl.MIN_PAIRS, Double.isNaN(tr) ? null : BigDecimal.valueOf(tr).setScale(3,
                java.math.RoundingMode.HALF_UP), items, note);
        });
    }
}
