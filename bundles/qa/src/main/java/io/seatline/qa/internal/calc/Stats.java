package io.seatline.qa.internal.calc;

import io.seatline.qa.QaService.Bucket;
import io.seatline.qa.QaService.CalibrationItem;
import io.seatline.qa.QaService.Deviation;
import io.seatline.qa.QaService.Distribution;
import io.seatline.qa.QaService.ItemCorrelation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The numbers of calibration, score distributions and QA↔CSAT correlation. */
public final class Stats {
    /** Items whose evaluators are this many points (of 100) apart or more are flagged as a disagreement. */
    public static final BigDecimal DISAGREEMENT = BigDecimal.valueOf(25);
    /** The share of scores at 92 or above from which a distribution counts as bunched at the top. */
    public static final double BUNCHED_SHARE = 0.6;

    private Stats() {
    }

    /** A calibration result: per item, and per evaluator against the reference. */
    public record Calibrated(BigDecimal referenceScore, String basis, List<CalibrationItem> items, List<Deviation> deviations) {
    }

    /**
     * Calibration of one call: {@code items} (key → text) in scorecard order, each evaluator's item percentages
     * (evaluator → item → percent; N/A items absent) and total scores. The reference is the lead's scores when the lead
     * has scored, otherwise the consensus: the mean of the evaluators.
     */
    public static Calibrated calibrate(Map<String, String> items, Map<String, Map<String, BigDecimal>> byEvaluator, Map<String, BigDecimal> scores,
                                       String lead) {
        boolean byLead = lead != null && byEvaluator.containsKey(lead);
        Map<String, BigDecimal> reference = new LinkedHashMap<>();
        List<CalibrationItem> out = new ArrayList<>();
        for (Map.Entry<String, String> it : items.entrySet()) {
            Map<String, BigDecimal> values = new LinkedHashMap<>();
            byEvaluator.forEach((ev, pcts) -> {
                BigDecimal v = pcts.get(it.getKey());
                if (v != null) {
                    values.put(ev, v);
                }
            });
            BigDecimal ref = byLead ? byEvaluator.get(lead).get(it.getKey()) : mean(new ArrayList<>(values.values()));
            BigDecimal spread = values.isEmpty() ? null : values.values().stream().max(BigDecimal::compareTo).get()
                .subtract(values.values().stream().min(BigDecimal::compareTo).get());
            if (ref != null) {
                reference.put(it.getKey(), ref);
            }
            out.add(new CalibrationItem(it.getKey(), it.getValue(), values, ref, spread, spread != null && spread.compareTo(DISAGREEMENT) >= 0));
        }
        BigDecimal refScore = byLead ? scores.get(lead) : mean(new ArrayList<>(scores.values()));
        List<Deviation> devs = new ArrayList<>();
        byEvaluator.forEach((ev, pcts) -> {
            List<BigDecimal> diffs = new ArrayList<>();
            pcts.forEach((item, v) -> {
                BigDecimal ref = reference.get(item);
                if (ref != null) {
                    diffs.add(v.subtract(ref).abs());
                }
            });
            BigDecimal score = scores.get(ev);
            devs.add(new Deviation(ev, score, score == null || refScore == null ? null : score.subtract(refScore).setScale(2, RoundingMode.HALF_UP),
                mean(diffs)));
        });
        return new Calibrated(refScore, byLead ? "LEAD" : "CONSENSUS", out, devs);
    }

    /** The mean, half-up to two decimals; null for no values. */
    public static BigDecimal mean(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_UP);
    }

    /** Pearson's r of (x, y) pairs. */
    public static double pearson(List<double[]> pairs) {
        double[] x = new double[pairs.size()];
        double[] y = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            x[i] = pairs.get(i)[0];
            y[i] = pairs.get(i)[1];
        }
        return pearson(x, y);
    }

    /** Pearson's r of paired values; NaN when either side does not vary or there are fewer than 2 pairs. */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /**
     * Suggested weights that favour the items that move CSAT: for the items with enough pairs, half the current weight
     * plus half of their weight total shared in proportion to their positive correlation; items without enough pairs
     * keep their weight, so the total stays the same. Rounded to one decimal.
     */
    public static Map<String, BigDecimal> reweight(Map<String, BigDecimal> weights, Map<String, Double> r, Map<String, Boolean> enough) {
        BigDecimal pool = BigDecimal.ZERO;
        double positive = 0;
        for (String k : weights.keySet()) {
            if (Boolean.TRUE.equals(enough.get(k))) {
                pool = pool.add(weights.get(k));
                double v = r.getOrDefault(k, Double.NaN);
                positive += Double.isNaN(v) ? 0 : Math.max(0, v);
            }
        }
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> w : weights.entrySet()) {
            if (!Boolean.TRUE.equals(enough.get(w.getKey())) || positive == 0) {
                out.put(w.getKey(), w.getValue().setScale(1, RoundingMode.HALF_UP));
                continue;
            }
            double v = r.getOrDefault(w.getKey(), Double.NaN);
            BigDecimal share = pool.multiply(BigDecimal.valueOf((Double.isNaN(v) ? 0 : Math.max(0, v)) / positive));
            out.put(w.getKey(), w.getValue().add(share).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_UP));
        }
        return out;
    }

    /**
     * Each item's correlation with CSAT from its (item percent, CSAT) pairs, with the suggested weights: items with at
     * least {@code minN} pairs first, by r from high to low; then the others (too few pairs to say anything), also by r.
     * {@code weights} holds the scored items (observe-only items get no weight and no suggestion).
     */
    public static List<ItemCorrelation> correlate(Map<String, String> texts, Map<String, List<double[]>> pairs, Map<String, BigDecimal> weights,
                                                  int minN) {
        Map<String, Double> rs = new LinkedHashMap<>();
        Map<String, Boolean> enough = new LinkedHashMap<>();
        pairs.forEach((item, p) -> {
            double r = pearson(p);
            rs.put(item, r);
            enough.put(item, p.size() >= minN && !Double.isNaN(r));
        });
        Map<String, BigDecimal> suggested = reweight(weights, rs, enough);
        List<ItemCorrelation> out = new ArrayList<>();
        pairs.forEach((item, p) -> {
            double r = rs.get(item);
            out.add(new ItemCorrelation(item, texts.get(item), p.size(), Double.isNaN(r) ? null : BigDecimal.valueOf(r).setScale(3,
                RoundingMode.HALF_UP), enough.get(item), weights.get(item), suggested.get(item)));
        });
        out.sort(java.util.Comparator.comparing((ItemCorrelation i) -> !i.enough()).thenComparing(i -> i.r() == null ? BigDecimal.valueOf(-2)
            : i.r(), java.util.Comparator.reverseOrder()));
        return out;
    }

    /** Mean, median, p10/p90, standard deviation and 5-point buckets of scores 0-100; bunched when 60 % or more sit at 92+. */
    public static Distribution distribution(List<BigDecimal> scores) {
        int n = scores.size();
        List<Bucket> buckets = new ArrayList<>();
        long[] counts = new long[20];
        long top = 0;
        for (BigDecimal s : scores) {
            counts[Math.min(19, s.intValue() / 5)]++;
            if (s.compareTo(BigDecimal.valueOf(92)) >= 0) {
                top++;
            }
        }
        for (int b = 0; b < 20; b++) {
            buckets.add(new Bucket(BigDecimal.valueOf(b * 5L), BigDecimal.valueOf(b == 19 ? 100 : b * 5L + 5), counts[b]));
        }
        if (n == 0) {
            return new Distribution(0, null, null, null, null, null, buckets, null, false, "no submitted evaluations in the period");
        }
        List<BigDecimal> sorted = scores.stream().sorted().toList();
        BigDecimal mean = mean(scores);
        double m = mean.doubleValue();
        double var = 0;
        for (BigDecimal s : scores) {
            var += Math.pow(s.doubleValue() - m, 2);
        }
        BigDecimal sd = BigDecimal.valueOf(Math.sqrt(var / n)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal share = BigDecimal.valueOf(top).multiply(Scoring.HUNDRED).divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP);
        boolean bunched = n >= 10 && (double) top / n >= BUNCHED_SHARE;
        String note = bunched ? share.toPlainString() + " % of scores are 92 or above: the scorecard hardly separates good calls from "
            + "average ones. Add harder items, weight what customers notice (see the CSAT correlation), or score on a wider scale."
            : n < 10 ? "fewer than 10 evaluations: too few to judge the spread" : "scores are spread out";
        return new Distribution(n, mean, percentile(sorted, 50), percentile(sorted, 10), percentile(sorted, 90), sd, buckets, share, bunched, note);
    }

    /** Nearest-rank percentile of sorted values. */
    static BigDecimal percentile(List<BigDecimal> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
