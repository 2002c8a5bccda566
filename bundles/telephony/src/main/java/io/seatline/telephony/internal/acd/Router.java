package io.seatline.telephony.internal.acd;

import io.seatline.spi.RoutingStrategy;
import io.seatline.telephony.CallQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing decision: which READY agent with the queue's required skills gets a call. Built-in strategies scan
 * the ready agents once without allocating; a plug-in strategy gets the qualified candidates as a list.
 */
public final class Router {
    static final String LONGEST_IDLE = "longest-idle";
    static final String FEWEST_CALLS = "fewest-calls";
    static final String ROUND_ROBIN = "round-robin";
    static final String BEST_SKILL = "best-skill-level";
    static final String RANDOM = "random";
    static final List<String> BUILT_IN = List.of(LONGEST_IDLE, FEWEST_CALLS, ROUND_ROBIN, BEST_SKILL, RANDOM);

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private Router() {}

    /** What a guarded plug-in's choice is when it failed, overran its time-box or is benched: longest-idle routes. */
    public static final int NO_CHOICE = -1;

    /**
     * @param plugin the tenant's plug-in strategy of that name, or null
     * @return the chosen agent, or null when no ready agent qualifies
     */
    static AgentRuntime pick(String strategy, RoutingStrategy plugin, Map<String, Integer> required,
                             Collection<AgentRuntime> ready, String tenantId, String queue, String callId) {
        if (plugin != null) {
            List<AgentRuntime> qualified = new ArrayList<>();
            for (AgentRuntime a : ready) {
                if (CallQueue.qualifies(a.skills, required)) {
                    qualified.add(a);
                }
            }
            if (qualified.isEmpty()) {
                return null;
            }
            List<RoutingStrategy.Candidate> candidates = new ArrayList<>(qualified.size());
            for (AgentRuntime a : qualified) {
                candidates.add(new RoutingStrategy.Candidate(a.userId, a.login, a.skills, a.idleSince, a.callsHandled, a.lastOfferSeq));
            }
            try {
                int i = plugin.choose(new RoutingStrategy.Request(tenantId, queue, callId, required), List.copyOf(candidates));
                if (i >= 0 && i < qualified.size()) {
                    return qualified.get(i);
                }
                if (i != NO_CHOICE) { // NO_CHOICE: it failed or overran its time-box, which its guard logged
                    LOG.warn("Routing strategy {} of tenant {} chose {} of {} candidates; using longest-idle", strategy, tenantId, i, qualified.size());
                }
            } catch (RuntimeException e) {
                LOG.warn("Routing strategy {} of tenant {} failed ({}); using longest-idle", strategy, tenantId, e.toString());
            }
            return builtIn(LONGEST_IDLE, required, qualified);
        }
        return builtIn(strategy, required, ready);
    }

    private static AgentRuntime builtIn(String strategy, Map<String, Integer> required, Collection<AgentRuntime> ready) {
        // resolved once, not per agent: this loop runs over every READY agent
        int mode = switch (strategy) {
            case FEWEST_CALLS -> 1;
            case ROUND_ROBIN -> 2;
            case BEST_SKILL -> 3;
            case RANDOM -> 4;
            default -> 0;
        };
        boolean noSkills = required.isEmpty();
        AgentRuntime best = null;
        int seen = 0;
        int bestScore = Integer.MIN_VALUE;
        for (AgentRuntime a : ready) {
            if (!noSkills && !CallQueue.qualifies(a.skills, required)) {
                continue;
            }
            if (best == null) {
                best = a;
                bestScore = Skills.score(a.skills, required);
                seen = 1;
                continue;
            }
            switch (mode) {
                case 1 -> {
                    if (a.callsHandled < best.callsHandled || (a.callsHandled == best.callsHandled && a.idleSince.isBefore(best.idleSince))) {
                        best = a;
                    }
                }
                case 2 -> {
                    if (a.lastOfferSeq < best.lastOfferSeq) {
                        best = a;
                    }
                }
                case 3 -> {
                    int score = Skills.score(a.skills, required);
                    if (score > bestScore || (score == bestScore && a.idleSince.isBefore(best.idleSince))) {
                        best = a;
                        bestScore = score;
                    }
                }
                case 4 -> {
                    // reservoir sampling: each qualified agent equally likely, one pass
                    seen++;
                    if (ThreadLocalRandom.current().nextInt(seen) == 0) {
                        best = a;
                    }
                }
                default -> {
                    if (a.idleSince.isBefore(best.idleSince)) {
                        best = a;
                    }
                }
            }
        }
        return best;
    }
}
