package io.seatline.qa.internal.calc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.seatline.qa.QaService.CalibrationItem;
import io.seatline.qa.QaService.Deviation;
import io.seatline.qa.QaService.Distribution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

public class StatsTest {

    private static Map<String, BigDecimal> m(String k1, int v1, String k2, int v2) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        out.put(k1, BigDecimal.valueOf(v1));
        out.put(k2, BigDecimal.valueOf(v2));
        return out;
    }

    /** Three evaluators on one call, computed by hand against the consensus and against the lead. */
    @Test
    public void calibrationDeviationOnAHandMadeCase() {
        Map<String, String> items = new LinkedHashMap<>();
        items.put("a", "A");
        items.put("b", "B");
        Map<String, Map<String, BigDecimal>> by = new LinkedHashMap<>();
        by.put("e1", m("a", 100, "b", 50));
        by.put("e2", m("a", 0, "b", 50));
        by.put("e3", m("a", 100, "b", 100));
        Map<String, BigDecimal> scores = m("e1", 80, "e2", 40);
        scores.put("e3", BigDecimal.valueOf(90));

        Stats.Calibrated c = Stats.calibrate(items, by, scores, null);
        assertEquals("CONSENSUS", c.basis());
        assertEquals(new BigDecimal("70.00"), c.referenceScore());
        CalibrationItem a = c.items().get(0);
        assertEquals(new BigDecimal("66.67"), a.consensus());
        assertEquals(0, BigDecimal.valueOf(100).compareTo(a.spread()));
        assertTrue(a.disagreement());
        assertEquals(0, BigDecimal.valueOf(50).compareTo(c.items().get(1).spread()));
        Map<String, Deviation> d = new LinkedHashMap<>();
        c.deviations().forEach(x -> d.put(x.evaluatorUserId(), x));
        assertEquals(new BigDecimal("10.00"), d.get("e1").scoreDeviation());
        assertEquals(new BigDecimal("25.00"), d.get("e1").meanItemDeviation()); // (33.33 + 16.67) / 2
        assertEquals(new BigDecimal("-30.00"), d.get("e2").scoreDeviation());
        assertEquals(new BigDecimal("41.67"), d.get("e2").meanItemDeviation()); // (66.67 + 16.67) / 2
        assertEquals(new BigDecimal("33.33"), d.get("e3").meanItemDeviation());

        Stats.Calibrated lead = Stats.calibrate(items, by, scores, "e3");
        assertEquals("LEAD", lead.basis());
        Map<String, Deviation> l = new LinkedHashMap<>();
        lead.deviations().forEach(x -> l.put(x.evaluatorUserId(), x));
        assertEquals(new BigDecimal("-50.00"), l.get("e2").scoreDeviation());
        assertEquals(new BigDecimal("75.00"), l.get("e2").meanItemDeviation()); // (100 + 50) / 2
        assertEquals(new BigDecimal("0.00"), l.get("e3").meanItemDeviation());
    }

    /** One item built to correlate about 0.8 with CSAT, one unrelated: the analysis tells them apart and re-weights. */
    @Test
    public void correlationRanksTheItemThatMovesCsat() {
        Random rnd = new Random(42);
        int n = 400;
        double[] csat = new double[n];
        double[] related = new double[n];
        double[] unrelated = new double[n];
        for (int i = 0; i < n; i++) {
            double z = rnd.nextGaussian();
            csat[i] = z;
            related[i] = 0.8 * z + 0.6 * rnd.nextGaussian(); // r = 0.8 / sqrt(0.64 + 0.36) = 0.8
            unrelated[i] = rnd.nextGaussian();
        }
        double rRelated = Stats.pearson(related, csat);
        double rUnrelated = Stats.pearson(unrelated, csat);
        assertEquals(0.8, rRelated, 0.05);
        assertEquals(0.0, rUnrelated, 0.1);
        assertTrue(Double.isNaN(Stats.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3}))); // no variation: nothing to say

        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        weights.put("related", BigDecimal.valueOf(50));
        weights.put("unrelated", BigDecimal.valueOf(50));
        weights.put("few", BigDecimal.valueOf(20));
        Map<String, Double> r = Map.of("related", 0.8, "unrelated", 0.05, "few", 0.9);
        Map<String, Boolean> enough = Map.of("related", true, "unrelated", true, "few", false);
        Map<String, BigDecimal> w = Stats.reweight(weights, r, enough);
        // pool 100 shared 0.8 : 0.05 -> 94.12 and 5.88; halfway from 50 -> 72.1 and 27.9; "few" (too few pairs) keeps 20
        assertEquals(new BigDecimal("72.1"), w.get("related"));
        assertEquals(new BigDecimal("27.9"), w.get("unrelated"));
        assertEquals(new BigDecimal("20.0"), w.get("few"));
    }

    /**
     * A synthetic QA data set with a known answer, as the analysis sees it: CSAT 1-5 from a latent satisfaction;
     * "empathy" (0-100) built to correlate about 0.8 with it, "script" unrelated, "rare" strongly related but scored on
     * only 12 calls. The analysis ranks empathy first, script after it, and flags rare as too small to say anything.
     */
    @Test
    public void correlationAnalysisRanksItemsAndFlagsSmallSamples() {
        Random rnd = new Random(7);
        Map<String, List<double[]>> pairs = new LinkedHashMap<>();
        pairs.put("script", new ArrayList<>());
        pairs.put("rare", new ArrayList<>());
        pairs.put("empathy", new ArrayList<>());
        for (int i = 0; i < 300; i++) {
            double z = rnd.nextGaussian();
            double csat = Math.max(1, Math.min(5, Math.round(3 + 1.2 * z)));
            double empathy = Math.max(0, Math.min(100, 50 + 20 * (0.8 * z + 0.6 * rnd.nextGaussian())));
            pairs.get("empathy").add(new double[] {empathy, csat});
            pairs.get("script").add(new double[] {rnd.nextBoolean() ? 100 : 0, csat});
            if (i < 12) {
                pairs.get("rare").add(new double[] {Math.max(0, Math.min(100, 50 + 30 * z)), csat});
            }
        }
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        weights.put("script", BigDecimal.valueOf(40));
        weights.put("rare", BigDecimal.valueOf(20));
        weights.put("empathy", BigDecimal.valueOf(40));
        Map<String, String> texts = Map.of("script", "按话术 Follows the script", "rare", "Rare", "empathy", "共情 Empathy");
        List<io.seatline.qa.QaService.ItemCorrelation> out = Stats.correlate(texts, pairs, weights, 30);
        assertEquals("empathy", out.get(0).item());
        assertTrue(out.get(0).enough());
        assertEquals(300, out.get(0).n());
        assertEquals(0.75, out.get(0).r().doubleValue(), 0.08); // about 0.8 before CSAT is rounded to 1-5
        assertEquals("script", out.get(1).item());
        assertTrue(out.get(1).enough());
        assertTrue(out.get(1).r().abs().doubleValue() < 0.15);
        assertEquals("rare", out.get(2).item()); // strongly related, but 12 pairs: flagged, ranked after the sound ones
        assertFalse(out.get(2).enough());
        assertEquals(12, out.get(2).n());
        // suggested: weight moves from script to empathy, rare keeps its 20, the total stays 100
        assertTrue(out.get(0).suggestedWeight().compareTo(BigDecimal.valueOf(40)) > 0);
        assertTrue(out.get(1).suggestedWeight().compareTo(BigDecimal.valueOf(40)) < 0);
        assertEquals(0, out.get(2).suggestedWeight().compareTo(BigDecimal.valueOf(20)));
        assertEquals(0, out.stream().map(io.seatline.qa.QaService.ItemCorrelation::suggestedWeight).reduce(BigDecimal.ZERO, BigDecimal::add)
            .compareTo(BigDecimal.valueOf(100)));
    }

    @Test
    public void bunchedScoresAreFlagged() {
        List<BigDecimal> bunched = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            bunched.add(BigDecimal.valueOf(92 + (i % 9)));
        }
        bunched.add(BigDecimal.valueOf(70));
        Distribution d = Stats.distribution(bunched);
        assertTrue(d.bunched());
        assertEquals(21, d.n());
        assertEquals(new BigDecimal("95.2"), d.shareFrom92()); // 20 of 21
        assertEquals(1, d.buckets().get(14).count()); // 70-75
        List<BigDecimal> spread = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            spread.add(BigDecimal.valueOf(50 + i * 2.5));
        }
        Distribution s = Stats.distribution(spread);
        assertFalse(s.bunched());
        assertEquals(0, new BigDecimal("72.5").compareTo(s.median())); // nearest rank: the 10th of 20
    }
}
