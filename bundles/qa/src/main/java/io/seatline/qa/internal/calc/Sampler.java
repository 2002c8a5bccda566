package io.seatline.qa.internal.calc;

import io.seatline.qa.QaService.SamplingRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Which calls of a week the sampling rules pick, and which evaluator gets each. Rules run in order; a call picked by
 * an earlier rule (or already in the queue) is not picked again. Random choices are seeded by the week, so a pass
 * over the same calls picks the same ones.
 */
public final class Sampler {
    /** An answered call with an agent. */
    public record Call(String id, String agent, String queue, Instant at, long talkMs, int transfers, Integer csat) {
    }

    public record Pick(Call call, String rule) {
    }

    public record Assigned(Pick pick, String evaluator) {
    }

    private Sampler() {
    }

    /**
     * @param agentSince when each agent started (its user was created), for NEW_AGENT
     * @param weekEnd    the end of the week sampled, for NEW_AGENT
     * @param queued     calls already in the queue
     */
    public static List<Pick> pick(List<Call> calls, List<SamplingRule> rules, Map<String, Instant> agentSince, Instant weekEnd, long seed,
                                  Set<String> queued) {
        Set<String> taken = new LinkedHashSet<>(queued);
        List<Pick> out = new ArrayList<>();
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparing(Call::at).thenComparing(Call::id));
        for (SamplingRule r : rules) {
            if (Boolean.FALSE.equals(r.enabled())) {
                continue;
            }
            Random random = new Random(seed ^ r.id().hashCode());
            List<Call> eligible = sorted.stream().filter(c -> r.queue() == null || r.queue().equals(c.queue())).toList();
            List<Call> chosen = new ArrayList<>();
            switch (r.kind()) {
                case "PER_AGENT" -> perAgent(eligible, r.count(), random, queued, taken, chosen, a -> true);
                case "NEW_AGENT" -> perAgent(eligible, r.count(), random, queued, taken, chosen, a -> {
                    Instant since = agentSince.get(a);
                    return since != null && since.isAfter(weekEnd.minusSeconds(r.newAgentWeeks() * 7L * 86_400));
                });
                case "PERCENT" -> {
                    // the share counts the eligible calls already in the queue, so a second pass adds only what is missing
                    int want = BigDecimal.valueOf(eligible.size()).multiply(r.percent()).divide(Scoring.HUNDRED, 0, RoundingMode.CEILING).intValue()
                        - (int) eligible.stream().filter(c -> queued.contains(c.id())).count();
                    List<Call> shuffled = new ArrayList<>(eligible);
                    Collections.shuffle(shuffled, random);
                    for (Call c : shuffled) {
                        if (chosen.size() >= want) {
                            break;
                        }
                        if (!taken.contains(c.id())) {
                            chosen.add(c);
                        }
                    }
                }
                case "LOW_CSAT" -> capped(eligible.stream().filter(c -> c.csat() != null && c.csat() <= r.csatAtMost())
                    .sorted(Comparator.comparing(Call::csat).thenComparing(Call::at)).toList(), r.count(), queued, taken, chosen);
                case "LONG_CALL" -> capped(eligible.stream().filter(c -> c.talkMs() >= r.minTalkSeconds() * 1000L)
                    .sorted(Comparator.comparing(Call::talkMs).reversed()).toList(), r.count(), queued, taken, chosen);
                case "TRANSFERRED" -> capped(eligible.stream().filter(c -> c.transfers() > 0).toList(), r.count(), queued, taken, chosen);
                default -> throw new IllegalArgumentException(r.kind());
            }
            for (Call c : chosen) {
                taken.add(c.id());
                out.add(new Pick(c, r.name()));
            }
        }
        return out;
    }

    /** {@code count} calls of each agent, less those of its calls that were in the queue before this pass. */
    private static void perAgent(List<Call> calls, int count, Random random, Set<String> queued, Set<String> taken, List<Call> chosen,
                                 java.util.function.Predicate<String> agents) {
        Map<String, List<Call>> byAgent = new LinkedHashMap<>();
        calls.stream().filter(c -> agents.test(c.agent())).forEach(c -> byAgent.computeIfAbsent(c.agent(), a -> new ArrayList<>()).add(c));
        for (Map.Entry<String, List<Call>> e : new java.util.TreeMap<>(byAgent).entrySet()) {
            List<Call> mine = new ArrayList<>(e.getValue());
            long already = mine.stream().filter(c -> queued.contains(c.id())).count();
            Collections.shuffle(mine, random);
            int want = (int) Math.max(0, count - already);
            for (Call c : mine) {
                if (want == 0) {
                    break;
                }
                if (!taken.contains(c.id())) {
                    chosen.add(c);
                    want--;
                }
            }
        }
    }

    /** The matching calls, at most {@code cap} of them counting those already in the queue before this pass. */
    private static void capped(List<Call> calls, Integer cap, Set<String> queued, Set<String> taken, List<Call> chosen) {
        long already = calls.stream().filter(c -> queued.contains(c.id())).count();
        for (Call c : calls) {
            if (cap != null && chosen.size() + already >= cap) {
                break;
            }
            if (!taken.contains(c.id())) {
                chosen.add(c);
            }
        }
    }

    /**
     * Gives each pick to the evaluator with the fewest open assignments (ties by id), never to one who already has
     * the call ({@code pairs}: "call|evaluator") and never to the call's own agent. Picks nobody can take are left out.
     */
    public static List<Assigned> assign(List<Pick> picks, List<String> evaluators, Map<String, Integer> open, Set<String> pairs) {
        Map<String, Integer> load = new HashMap<>();
        evaluators.forEach(e -> load.put(e, open.getOrDefault(e, 0)));
        List<Assigned> out = new ArrayList<>();
        for (Pick p : picks) {
            String best = null;
            for (String e : evaluators.stream().sorted().toList()) {
                if (e.equals(p.call().agent()) || pairs.contains(p.call().id() + "|" + e)) {
                    continue;
                }
                if (best == null || load.get(e) < load.get(best)) {
                    best = e;
                }
            }
            if (best != null) {
                load.merge(best, 1, Integer::sum);
                pairs.add(p.call().id() + "|" + best);
                out.add(new Assigned(p, best));
            }
        }
        return out;
    }
}
