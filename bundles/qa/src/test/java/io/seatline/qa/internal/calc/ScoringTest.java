package io.seatline.qa.internal.calc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.seatline.core.ValidationException;
import io.seatline.qa.QaService.Answer;
import io.seatline.qa.QaService.Item;
import io.seatline.qa.QaService.ScorecardSpec;
import io.seatline.qa.QaService.Section;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** Scores computed by hand: weights, N/A, observe-only and fatal items. */
public class ScoringTest {

    static ScorecardSpec card(String fatalMode, int upsellWeight) {
        return Scoring.check(new ScorecardSpec("Inbound 呼入", null, "PERCENT", fatalMode, BigDecimal.valueOf(80), List.of(
            new Section("Opening 开场", List.of(
                new Item("greet", "Greets with the brand 品牌问候", "YES_NO", null, BigDecimal.valueOf(10), false, false, false, null),
                new Item("verify", "Verifies identity 核实身份", "YES_NO", null, BigDecimal.valueOf(20), false, true, false, null))),
            new Section("Resolution 解决", List.of(
                new Item("solve", "Solves the issue 解决问题", "RANGE", 4, BigDecimal.valueOf(50), false, false, false, null),
                new Item("upsell", "Offers the upgrade", "YES_NO", null, BigDecimal.valueOf(upsellWeight), true, false, false, null),
                new Item("tone", "Tone 语气", "RANGE", 3, null, false, false, true, null))))));
    }

    static List<Answer> answers(Integer greet, Integer verify, Integer solve, Integer upsell, Integer tone) {
        List<Answer> out = new ArrayList<>();
        out.add(new Answer("greet", greet, null, null, null));
        out.add(new Answer("verify", verify, null, null, null));
        out.add(new Answer("solve", solve, null, "客户满意", null));
        out.add(upsell == null ? new Answer("upsell", null, true, null, null) : new Answer("upsell", upsell, null, null, null));
        out.add(new Answer("tone", tone, null, null, null));
        return out;
    }

    @Test
    public void naLeavesTheItemOutOfBothSides() {
        // earned 10 + 20 + 50 x 3/4 = 67.5 of possible 80 (upsell N/A; tone observe-only) = 84.375 -> 84.38, passes 80
        Scoring.Result r = Scoring.score(card("ZERO", 20), answers(1, 1, 3, null, 2), true, null);
        assertEquals(new BigDecimal("84.38"), r.score());
        assertTrue(r.passed());
        assertFalse(r.fatalError());
        assertEquals(new BigDecimal("66.67"), r.items().get(4).percent()); // observe-only: recorded (2 of 3), not scored
    }

    @Test
    public void scoredZeroCountsInThePossibleWeight() {
        // 67.5 of 100 = 67.50, below the pass mark
        Scoring.Result r = Scoring.score(card("ZERO", 20), answers(1, 1, 3, 0, 2), true, null);
        assertEquals(new BigDecimal("67.50"), r.score());
        assertFalse(r.passed());
    }

    @Test
    public void fatalErrorZeroesOrFails() {
        Scoring.Result zero = Scoring.score(card("ZERO", 20), answers(1, 0, 4, 1, 3), true, null);
        assertEquals(new BigDecimal("0.00"), zero.score());
        assertTrue(zero.fatalError());
        assertFalse(zero.passed());
        // FAIL mode: the score stands ((10 + 0 + 50) of 80 with upsell N/A = 75.00) but the evaluation fails
        Scoring.Result fail = Scoring.score(card("FAIL", 20), answers(1, 0, 4, null, 3), true, null);
        assertEquals(new BigDecimal("75.00"), fail.score());
        assertTrue(fail.fatalError());
        assertFalse(fail.passed());
    }

    @Test
    public void draftsMayLeaveItemsOpenSubmissionsMayNot() {
        List<Answer> part = List.of(new Answer("greet", 1, null, null, null));
        assertEquals(new BigDecimal("100.00"), Scoring.score(card("ZERO", 20), part, false, null).score());
        ValidationException e = assertThrows(ValidationException.class, () -> Scoring.score(card("ZERO", 20), part, true, null));
        assertEquals("unanswered_item", e.code());
        assertNull(Scoring.score(card("ZERO", 20), List.of(), false, null).score());
    }

    @Test
    public void badAnswersAreRefusedWithTheField() {
        ScorecardSpec c = card("ZERO", 20);
        ValidationException scale = assertThrows(ValidationException.class, () -> Scoring.score(c, answers(1, 1, 5, 1, 1), true, null));
        assertEquals("out_of_scale", scale.code());
        assertEquals("answers[2].value", scale.field());
        List<Answer> naGreet = new ArrayList<>(answers(1, 1, 3, 1, 1));
        naGreet.set(0, new Answer("greet", null, true, null, null));
        assertEquals("na_not_allowed", assertThrows(ValidationException.class, () -> Scoring.score(c, naGreet, true, null)).code());
        List<Answer> unknown = List.of(new Answer("nope", 1, null, null, null));
        assertEquals("unknown_item", assertThrows(ValidationException.class, () -> Scoring.score(c, unknown, false, null)).code());
        List<Answer> marker = List.of(new Answer("greet", 1, null, null, List.of(new io.seatline.qa.QaService.Marker(90_000, "late"))));
        assertEquals("marker_outside_call", assertThrows(ValidationException.class, () -> Scoring.score(c, marker, false, 60_000L)).code());
    }

    @Test
    public void weightsMustAddUpAsTheScoringModeRequires() {
        ValidationException e = assertThrows(ValidationException.class, () -> card("ZERO", 10)); // 10 + 20 + 50 + 10 = 90
        assertEquals("weights_not_100", e.code());
        assertEquals("sections", e.field());
        ScorecardSpec points = Scoring.check(new ScorecardSpec("Points", null, "POINTS", null, null, List.of(new Section("S", List.of(
            new Item("a", "A", "RANGE", 5, BigDecimal.valueOf(3), false, false, false, null),
            new Item("b", "B", "YES_NO", null, BigDecimal.ONE, false, false, false, null))))));
        // 3 x 4/5 + 1 x 1 = 3.4 of 4 = 85.00
        assertEquals(new BigDecimal("85.00"), Scoring.score(points, List.of(new Answer("a", 4, null, null, null), new Answer("b", 1, null, null, null)),
            true, null).score());
        assertEquals("observe_only_scored", assertThrows(ValidationException.class, () -> Scoring.check(new ScorecardSpec("X", null, "POINTS",
            null, null, List.of(new Section("S", List.of(new Item("a", "A", null, null, BigDecimal.ONE, false, false, false, null),
                new Item("b", "B", null, null, BigDecimal.ONE, false, false, true, null))))))).code());
    }
}
