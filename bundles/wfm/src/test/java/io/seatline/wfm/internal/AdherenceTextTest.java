package io.seatline.wfm.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.seatline.core.ValidationException;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStateChange;
import io.seatline.wfm.Adherence;
import io.seatline.workforce.AdherenceService.Figures;
import io.seatline.workforce.AdherenceService.Settings;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The adherence settings' text and checks, state spans from a history, figures summed over time. */
public class AdherenceTextTest {
    private static final Set<String> REASONS = Set.of("break", "lunch", "training", "meeting", "login");

    @Test
    public void settingsRoundTripThroughTheirText() {
        Settings d = AdherenceServiceImpl.defaults();
        assertEquals(List.of("ON_CALL", "READY", "RESERVED", "WRAP_UP"), d.mapping().get("CALLS"));
        assertEquals(300, (int) d.toleranceSeconds().get("BREAK"));
        assertEquals(d.mapping(), AdherenceText.mapping(AdherenceText.mapping(d.mapping())));
        assertEquals(d.toleranceSeconds(), AdherenceText.tolerances(AdherenceText.tolerances(d.toleranceSeconds())));
        Adherence.Mapping m = AdherenceText.toMapping(d.mapping());
        assertTrue(m.matches("BREAK", "NOT_READY", "break"));
        assertTrue(m.matches(Adherence.OFF, "LOGGED_OUT", null));
        assertTrue(!m.matches("CALLS", "NOT_READY", "login"));
    }

    @Test
    public void settingsAreCheckedNamingTheField() {
        Settings ok = AdherenceText.check(new Settings(Map.of("CALLS", List.of("READY", " ON_CALL")), Map.of("CALLS", 60)), REASONS, 3600, 300);
        assertEquals(List.of("ON_CALL", "READY"), ok.mapping().get("CALLS"));
        assertEquals(List.of(), ok.mapping().get("LUNCH")); // left out: nothing meets it
        assertEquals(300, (int) ok.toleranceSeconds().get("LUNCH"));
        ValidationException e = assertThrows(ValidationException.class,
            () -> AdherenceText.check(new Settings(Map.of("NAP", List.of("READY")), Map.of()), REASONS, 3600, 300));
        assertEquals("mapping", e.field());
        e = assertThrows(ValidationException.class,
            () -> AdherenceText.check(new Settings(Map.of("BREAK", List.of("NOT_READY:smoking")), Map.of()), REASONS, 3600, 300));
        assertEquals("unknown_reason", e.code());
        e = assertThrows(ValidationException.class,
            () -> AdherenceText.check(new Settings(Map.of("BREAK", List.of("ASLEEP")), Map.of()), REASONS, 3600, 300));
        assertEquals("unknown_state", e.code());
        e = assertThrows(ValidationException.class,
            () -> AdherenceText.check(new Settings(Map.of(), Map.of("CALLS", -1)), REASONS, 3600, 300));
        assertEquals("toleranceSeconds", e.field());
        e = assertThrows(ValidationException.class,
            () -> AdherenceText.check(new Settings(Map.of(), Map.of("CALLS", 3601)), REASONS, 3600, 300));
        assertEquals("toleranceSeconds", e.field());
    }

    @Test
    public void aHistoryBecomesSpansFromTheStateItLeft() {
        Instant t0 = Instant.parse("2027-03-02T00:00:00Z");
        List<AgentStateChange> h = List.of(
            new AgentStateChange("u", AgentState.NOT_READY, AgentState.LOGGED_OUT, "login", null, t0.plusSeconds(60)),
            new AgentStateChange("u", AgentState.READY, AgentState.NOT_READY, null, null, t0.plusSeconds(90)),
            new AgentStateChange("u", AgentState.NOT_READY, AgentState.READY, "break", null, t0.plusSeconds(300)));
        List<Adherence.State> s = AdherenceText.spans(h, t0, t0.plusSeconds(400));
        assertEquals(4, s.size());
        assertEquals(new Adherence.State(t0, t0.plusSeconds(60), "LOGGED_OUT", null), s.get(0));
        assertEquals(new Adherence.State(t0.plusSeconds(60), t0.plusSeconds(90), "NOT_READY", "login"), s.get(1));
        assertEquals(new Adherence.State(t0.plusSeconds(300), t0.plusSeconds(400), "NOT_READY", "break"), s.get(3));
        assertEquals(List.of(), AdherenceText.spans(List.of(), t0, t0.plusSeconds(10)));
    }

    @Test
    public void figuresAreSummedOverTimeNotAveraged() {
        Figures a = new Figures(3600, 3600, 0, 0, BigDecimal.ONE, 3600, BigDecimal.ONE, 0, 0);
        Figures b = new Figures(1200, 600, 600, 60, new BigDecimal("0.5"), 900, new BigDecimal("0.75"), 120, 0);
        Figures s = AdherenceText.sum(List.of(a, b));
        assertEquals(4800, s.scheduledSeconds());
        assertEquals(new BigDecimal("0.8750"), s.adherence()); // 4200 / 4800, not (1 + 0.5) / 2
        assertEquals(new BigDecimal("0.9375"), s.conformance());
        assertEquals(120, s.lateSeconds());
        assertNull(AdherenceText.sum(List.of()).adherence());
    }
}
