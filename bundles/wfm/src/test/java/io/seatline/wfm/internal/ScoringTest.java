package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.seatline.core.ValidationException;
import io.seatline.reports.ScorecardService.Measure;
import io.seatline.reports.ScorecardService.Row;
import io.seatline.reports.ScorecardService.Score;
import io.seatline.reports.ScorecardService.Weights;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Points against targets, the weighted total over the measures with data, ranks, checked weights. */
public class ScoringTest {
    @Test
    public void pointsAreTheShareOfTheTargetAtMostAHundred() {
        assertEquals(new BigDecimal("90.0"), Scoring.points(Measure.ADHERENCE, new BigDecimal("0.81"), new BigDecimal("0.90")));
        assertEquals(new BigDecimal("100.0"), Scoring.points(Measure.CSAT, new BigDecimal("5"), new BigDecimal("4.5")));
        // less is better: an AHT of 400 s against 300 s scores 75; faster than the target scores 100
        assertEquals(new BigDecimal("75.0"), Scoring.points(Measure.AHT, new BigDecimal("400"), new BigDecimal("300")));
        assertEquals(new BigDecimal("100.0"), Scoring.points(Measure.AHT, new BigDecimal("200"), new BigDecimal("300")));
        assertNull(Scoring.points(Measure.QA_SCORE, null, new BigDecimal("90")));
    }

    @Test
    public void theTotalCountsOnlyMeasuresWithDataAndRanksShareTies() {
        Weights w = Scoring.defaults(); // 25 adherence, 25 QA, 20 CSAT, 15 AHT, 15 calls an hour
        Map<Measure, Score> s = new EnumMap<>(Measure.class);
        s.put(Measure.ADHERENCE, new Score(null, new BigDecimal("80.0")));
        s.put(Measure.QA_SCORE, new Score(null, null)); // no evaluation: its weight is left out
        s.put(Measure.AHT, new Score(null, new BigDecimal("100.0")));
        // (80 × 25 + 100 × 15) ÷ 40 = 87.5
        assertEquals(new BigDecimal("87.5"), Scoring.total(s, w));
        List<Row> ranked = Scoring.ranked(List.of(new Row("a", "Ann", null, Map.of(), new BigDecimal("70.0"), null),
            new Row("b", "Ben", null, Map.of(), new BigDecimal("90.0"), null), new Row("c", "Cai", null, Map.of(), new BigDecimal("70.0"), null),
            new Row("d", "Dai", null, Map.of(), null, null)));
        assertEquals("b", ranked.get(0).agentUserId());
        assertEquals(Integer.valueOf(2), ranked.get(1).rank());
        assertEquals(Integer.valueOf(2), ranked.get(2).rank());
        assertNull(ranked.get(3).rank());
    }

    @Test
    public void weightsAddUpToAHundredAndTargetsStayInRange() {
        Map<Measure, Integer> w = new EnumMap<>(Measure.class);
        w.put(Measure.AHT, 50);
        w.put(Measure.CALLS_PER_HOUR, 40);
        ValidationException e = assertThrows(ValidationException.class, () -> Scoring.check(new Weights(w, Map.of())));
        assertEquals("weights", e.field());
        w.put(Measure.CALLS_PER_HOUR, 50);
        Weights ok = Scoring.check(new Weights(w, Map.of(Measure.AHT, new BigDecimal("60"))));
        assertEquals(0, (int) ok.weights().get(Measure.QA_SCORE));
        assertEquals(new BigDecimal("60"), ok.targets().get(Measure.AHT));
        e = assertThrows(ValidationException.class, () -> Scoring.check(new Weights(w, Map.of(Measure.ADHERENCE, new BigDecimal("1.5")))));
        assertEquals("targets", e.field());
    }
}
