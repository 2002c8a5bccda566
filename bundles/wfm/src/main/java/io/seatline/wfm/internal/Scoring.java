package io.seatline.wfm.internal;

import io.seatline.core.ValidationException;
import io.seatline.reports.ScorecardService.Measure;
import io.seatline.reports.ScorecardService.Row;
import io.seatline.reports.ScorecardService.Score;
import io.seatline.reports.ScorecardService.Weights;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scorecard's arithmetic: points against a target, the weighted total over the measures with data, ranks; pure. */
final class Scoring {
    private Scoring() {
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static Weights defaults() {
        Map<Measure, Integer> w = new EnumMap<>(Measure.class);
        Map<Measure, BigDecimal> t = new EnumMap<>(Measure.class);
        w.put(Measure.ADHERENCE, 25);
        t.put(Measure.ADHERENCE, new BigDecimal("0.90"));
        w.put(Measure.QA_SCORE, 25);
        t.put(Measure.QA_SCORE, new BigDecimal("90"));
        w.put(Measure.CSAT, 20);
        t.put(Measure.CSAT, new BigDecimal("4.5"));
        w.put(Measure.AHT, 15);
        t.put(Measure.AHT, new BigDecimal("300"));
        w.put(Measure.CALLS_PER_HOUR, 15);
        t.put(Measure.CALLS_PER_HOUR, new BigDecimal("8"));
        return new Weights(w, t);
    }

    /** Weights checked: every measure 0-100, summing to 100; targets positive and within their measure's range. */
    static Weights check(Weights in) {
        if (in == null || in.weights() == null) {
            throw new ValidationException("required", "The scorecard has a weight for each measure", "weights");
        }
        Weights d = defaults();
        Map<Measure, Integer> w = new EnumMap<>(Measure.class);
        Map<Measure, BigDecimal> t = new EnumMap<>(Measure.class);
        int sum = 0;
        for (Measure m : Measure.values()) {
            Integer v = in.weights().getOrDefault(m, 0);
            if (v == null || v < 0 || v > 100) {
                throw new ValidationException("out_of_range", "A weight is 0-100 (" + m + ")", "weights");
            }
            w.put(m, v);
            sum += v;
            BigDecimal target = in.targets() == null || in.targets().get(m) == null ? d.targets().get(m) : in.targets().get(m);
            BigDecimal max = switch (m) {
                case ADHERENCE -> BigDecimal.ONE;
                case QA_SCORE -> HUNDRED;
                case CSAT -> BigDecimal.valueOf(5);
                case AHT -> BigDecimal.valueOf(7200);
                case CALLS_PER_HOUR -> BigDecimal.valueOf(200);
            };
            if (target.signum() <= 0 || target.compareTo(max) > 0) {
                throw new ValidationException("out_of_range", "A target of " + m + " is above 0 and at most " + max.toPlainString(), "targets");
            }
            t.put(m, target);
        }
        if (sum != 100) {
            throw new ValidationException("invalid_weights", "The weights add up to 100 (now " + sum + ")", "weights");
        }
        return new Weights(w, t);
    }

    /** The points of a value against its target: its share of the target (or the target's of it, when less is better), at most 100. */
    static BigDecimal points(Measure m, BigDecimal value, BigDecimal target) {
        if (value == null) {
            return null;
        }
        BigDecimal p;
        if (m.higherIsBetter) {
            p = value.multiply(HUNDRED).divide(target, 1, RoundingMode.HALF_UP);
        } else {
            p = value.signum() <= 0 ? HUNDRED : target.multiply(HUNDRED).divide(value, 1, RoundingMode.HALF_UP);
        }
        return p.min(HUNDRED).setScale(1, RoundingMode.HALF_UP);
    }

    /** The weighted total of the scores that have points, over their weights (null: none has). */
    static BigDecimal total(Map<Measure, Score> scores, Weights weights) {
        BigDecimal sum = BigDecimal.ZERO;
        int over = 0;
        for (var e : scores.entrySet()) {
            int w = weights.weights().getOrDefault(e.getKey(), 0);
            if (e.getValue().points() != null && w > 0) {
                sum = sum.add(e.getValue().points().multiply(BigDecimal.valueOf(w)));
                over += w;
            }
        }
        return over == 0 ? null : sum.divide(BigDecimal.valueOf(over), 1, RoundingMode.HALF_UP);
    }

    /** Rows with their rank by total (best first; equal totals share a rank; no total: no rank, last). */
    static List<Row> ranked(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Row r) -> r.total() == null ? BigDecimal.valueOf(-1) : r.total()).reversed()
            .thenComparing(r -> r.agentName() == null ? "" : r.agentName()));
        List<Row> out = new ArrayList<>();
        BigDecimal last = null;
        int rank = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Row r = sorted.get(i);
            if (r.total() != null && (last == null || r.total().compareTo(last) != 0)) {
                rank = i + 1;
                last = r.total();
            }
            out.add(new Row(r.agentUserId(), r.agentName(), r.teamId(), r.scores(), r.total(), r.total() == null ? null : rank));
        }
        return out;
    }

    static String text(Map<Measure, ?> map) {
        StringBuilder b = new StringBuilder();
        map.forEach((k, v) -> b.append(b.isEmpty() ? "" : ";").append(k.name()).append('=').append(v instanceof BigDecimal d ? d.toPlainString() : v));
        return b.toString();
    }

    static Map<Measure, String> parse(String text) {
        Map<Measure, String> out = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(Measure.valueOf(part.substring(0, eq)), part.substring(eq + 1));
            }
        }
        return out;
    }
}
