package io.seatline.qa.internal.calc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.seatline.qa.QaService.SamplingRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

public class SamplerTest {
    private static final Instant MONDAY = Instant.parse("2026-11-16T00:00:00Z");
    private static final Instant WEEK_END = MONDAY.plusSeconds(7 * 86_400);

    /** 3 agents with 10 calls each: calls of queue q1 for a1, q2 for the others; every 4th call has CSAT 1, every 5th a transfer. */
    private static List<Sampler.Call> calls() {
        List<Sampler.Call> out = new ArrayList<>();
        for (int a = 1; a <= 3; a++) {
            for (int i = 0; i < 10; i++) {
                out.add(new Sampler.Call("c" + a + "-" + i, "a" + a, a == 1 ? "q1" : "q2", MONDAY.plusSeconds(a * 1000L + i * 60L), 60_000L + i * 30_000L,
                    i % 5 == 0 ? 1 : 0, i % 4 == 0 ? 1 : 5));
            }
        }
        return out;
    }

    private static SamplingRule rule(String id, String kind, Integer count, BigDecimal percent, String queue, Integer csat, Integer talk, Integer weeks) {
        return new SamplingRule(id, id, kind, count, percent, queue, csat, talk, weeks, true);
    }

    @Test
    public void rulesPickTheRightCountsAndNeverACallTwice() {
        List<SamplingRule> rules = List.of(
            rule("per-agent", "PER_AGENT", 2, null, null, null, null, null),
            rule("q2-10pct", "PERCENT", null, BigDecimal.TEN, "q2", null, null, null),
            rule("low-csat", "LOW_CSAT", 4, null, null, 2, null, null),
            rule("new", "NEW_AGENT", 3, null, null, null, null, 2));
        Map<String, Instant> since = Map.of("a1", MONDAY.minusSeconds(400L * 86_400), "a2", MONDAY.minusSeconds(400L * 86_400),
            "a3", MONDAY.minusSeconds(3L * 86_400));
        List<Sampler.Pick> picks = Sampler.pick(calls(), rules, since, WEEK_END, 7, Set.of());
        Map<String, Long> byRule = picks.stream().collect(Collectors.groupingBy(Sampler.Pick::rule, Collectors.counting()));
        assertEquals(6L, (long) byRule.get("per-agent")); // 2 for each of 3 agents
        assertEquals(2L, (long) byRule.get("q2-10pct")); // ceil(10 % of 20 calls of q2)
        assertEquals(4L, (long) byRule.get("low-csat")); // 9 calls have CSAT 1, capped at 4
        assertEquals(3L, (long) byRule.get("new")); // only a3 is in its first 2 weeks
        assertTrue(picks.stream().filter(p -> p.rule().equals("new")).allMatch(p -> p.call().agent().equals("a3")));
        assertEquals(picks.size(), picks.stream().map(p -> p.call().id()).distinct().count()); // no call picked twice
        // the same week again over the queue so far adds nothing the per-agent rule already has
        Set<String> queued = picks.stream().map(p -> p.call().id()).collect(Collectors.toSet());
        assertEquals(0, Sampler.pick(calls(), rules, since, WEEK_END, 7, queued).size());
        assertEquals(0, Sampler.pick(calls(), rules, since, WEEK_END, 8, queued).size()); // another seed: still nothing to add
    }

    @Test
    public void assignmentIsFairAndNeverGivesACallToTheSameEvaluatorTwice() {
        List<Sampler.Pick> picks = Sampler.pick(calls(), List.of(rule("all", "PERCENT", null, BigDecimal.valueOf(100), null, null, null, null)),
            Map.of(), WEEK_END, 1, Set.of());
        assertEquals(30, picks.size());
        List<String> evaluators = List.of("q1", "q2", "a1"); // a1 is also an agent: never gets its own calls
        Set<String> pairs = new HashSet<>();
        Map<String, Integer> open = new HashMap<>(Map.of("q1", 4));
        List<Sampler.Assigned> first = Sampler.assign(picks, evaluators, open, pairs);
        assertEquals(30, first.size());
        Map<String, Long> load = first.stream().collect(Collectors.groupingBy(Sampler.Assigned::evaluator, Collectors.counting()));
        assertTrue(first.stream().noneMatch(x -> x.evaluator().equals(x.pick().call().agent())));
        // with q1's 4 open ones counted: totals 4 + q1, q2, a1 within one of each other
        long q1 = 4 + load.getOrDefault("q1", 0L);
        assertTrue(load.toString(), Math.abs(q1 - load.get("q2")) <= 1 && Math.abs(load.get("q2") - load.get("a1")) <= 1);
        // the same calls again: each goes to an evaluator that does not have it yet
        List<Sampler.Assigned> second = Sampler.assign(picks, evaluators, Map.of(), pairs);
        for (Sampler.Assigned s : second) {
            String had = first.stream().filter(f -> f.pick().call().id().equals(s.pick().call().id())).findFirst().get().evaluator();
            assertNotEquals(had, s.evaluator());
        }
        // a third time only calls of a1 could still go somewhere... none: q1 and q2 have them all, a1 may not take its own
        List<Sampler.Assigned> third = Sampler.assign(picks, evaluators, Map.of(), pairs);
        Set<String> seen = new HashSet<>();
        for (Sampler.Assigned a : first) {
            seen.add(a.pick().call().id() + "|" + a.evaluator());
        }
        for (Sampler.Assigned a : second) {
            assertTrue(seen.add(a.pick().call().id() + "|" + a.evaluator()));
        }
        for (Sampler.Assigned a : third) {
            assertTrue(seen.add(a.pick().call().id() + "|" + a.evaluator()));
        }
        assertEquals(30 * 3 - 10, seen.size()); // every call with each evaluator once, except a1's own 10
    }
}
