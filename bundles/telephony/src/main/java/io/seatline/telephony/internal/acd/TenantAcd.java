package io.seatline.telephony.internal.acd;

import io.seatline.core.ConflictException;
import io.seatline.spi.RoutingStrategy;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.QueueStats;
import io.seatline.telephony.internal.call.Call;
import io.seatline.telephony.internal.call.CallState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's ACD: its queues with their waiting calls, its agents and their states, and the routing loop.
 * Every method runs on the tenant's {@link Actor}; nothing here is shared with another tenant, so a call of
 * tenant A can never be offered to an agent of tenant B.
 */
public final class TenantAcd {
    /** What the ACD needs from the engine around it. */
    public interface Hooks {
        void stateChanged(TenantAcd acd, AgentRuntime agent, AgentState previous, Instant at);

        /** Starts ringing {@code agent} for {@code call}; the agent is already RESERVED. */
        void offer(Call call, AgentRuntime agent);

        RoutingStrategy plugin(String tenantId, String name);
    }

    private static final Map<AgentState, Set<AgentState>> ALLOWED = Map.of(
        AgentState.LOGGED_OUT, EnumSet.of(AgentState.NOT_READY, AgentState.READY),
        AgentState.NOT_READY, EnumSet.of(AgentState.READY, AgentState.NOT_READY, AgentState.LOGGED_OUT, AgentState.RESERVED),
        AgentState.READY, EnumSet.of(AgentState.NOT_READY, AgentState.RESERVED, AgentState.LOGGED_OUT),
        AgentState.RESERVED, EnumSet.of(AgentState.ON_CALL, AgentState.NOT_READY, AgentState.READY, AgentState.LOGGED_OUT),
        AgentState.ON_CALL, EnumSet.of(AgentState.WRAP_UP, AgentState.NOT_READY, AgentState.LOGGED_OUT),
        AgentState.WRAP_UP, EnumSet.of(AgentState.READY, AgentState.NOT_READY, AgentState.LOGGED_OUT, AgentState.RESERVED));

    public final String tenantId;
    /** the tenant's time zone: queue figures count its day */
    public volatile java.time.ZoneId zone = java.time.ZoneOffset.UTC;
    public final Actor actor;
    private final Hooks hooks;
    public final Map<String, QueueRuntime> queues = new LinkedHashMap<>();
    /** concurrent: the seat-login guard reads profiles from other threads; state is touched only on the actor */
    public final Map<String, AgentRuntime> agents = new java.util.concurrent.ConcurrentHashMap<>();
    /** READY agents, so routing scans only those */
    final Set<AgentRuntime> ready = new LinkedHashSet<>();
    public final Map<String, Call> calls = new LinkedHashMap<>();
    private long seq;
    private long offerSeq;

    public TenantAcd(String tenantId, Actor actor, Hooks hooks) {
        this.tenantId = tenantId;
        this.actor = actor;
        this.hooks = hooks;
    }

    long nextSeq() {
        return ++seq;
    }

    /** Today in the tenant's zone: the day queue figures count. */
    public java.time.LocalDate today() {
        return java.time.LocalDate.now(zone);
    }

    // ------------------------------------------------------------------ agents

    public void transition(AgentRuntime a, AgentState to, String reason, String callId) {
        AgentState from = a.state;
        if (!ALLOWED.get(from).contains(to)) {
            throw new ConflictException("invalid_state_change", "agent " + a.login + " cannot go from " + from + " to " + to, "state");
        }
        Instant now = Instant.now();
        a.state = to;
        a.reason = to == AgentState.NOT_READY ? reason : null;
        a.since = now;
        if (to == AgentState.RESERVED || to == AgentState.ON_CALL || to == AgentState.WRAP_UP) {
            a.callId = callId != null ? callId : a.callId;
        } else {
            a.callId = null;
        }
        if (to == AgentState.READY) {
            a.idleSince = now;
            ready.add(a);
        } else {
            ready.remove(a);
        }
        if (to != AgentState.WRAP_UP && a.wrapUpTimer != null) {
            a.wrapUpTimer.cancel(false);
            a.wrapUpTimer = null;
        }
        hooks.stateChanged(this, a, from, now);
        if (to == AgentState.READY) {
            dispatch();
        }
    }

    // ------------------------------------------------------------------ queues and routing

    public QueueRuntime queue(String name) {
        return name == null ? null : queues.get(name);
    }

    /** Puts {@code call} in line; {@code keepPosition} keeps its original arrival order (re-queue after a miss). */
    public void enqueue(Call call, QueueRuntime q, boolean keepPosition) {
        call.queue = q.def.name();
        call.priority = q.def.priority();
        if (!keepPosition || call.seq == 0) {
            call.seq = nextSeq();
        }
        if (call.enqueuedAt == null) {
            call.enqueuedAt = Instant.now();
        }
        call.state = CallState.QUEUED;
        q.waiting.add(call);
        dispatch();
    }

    public void removeWaiting(Call call) {
        QueueRuntime q = queue(call.queue);
        if (q != null) {
            q.waiting.remove(call);
        }
    }

    /** Matches waiting calls with ready agents until nothing more fits. */
    void dispatch() {
        while (!ready.isEmpty()) {
            Call bestCall = null;
            AgentRuntime bestAgent = null;
            for (QueueRuntime q : queues.values()) {
                if (q.waiting.isEmpty()) {
                    continue;
                }
                Call head = q.waiting.first();
                if (bestCall != null && QueueRuntime.ORDER.compare(head, bestCall) >= 0) {
                    continue;
                }
                AgentRuntime agent = pick(q, head);
                if (agent != null) {
                    bestCall = head;
                    bestAgent = agent;
                }
            }
            if (bestCall == null) {
                return;
            }
            queue(bestCall.queue).waiting.remove(bestCall);
            bestAgent.lastOfferSeq = ++offerSeq;
            transition(bestAgent, AgentState.RESERVED, null, bestCall.id);
            hooks.offer(bestCall, bestAgent);
        }
    }

    AgentRuntime pick(QueueRuntime q, Call call) {
        CallQueue def = q.def;
        RoutingStrategy plugin = Router.BUILT_IN.contains(def.strategy()) ? null : hooks.plugin(tenantId, def.strategy());
        return Router.pick(def.strategy(), plugin, def.requiredSkills(), ready, tenantId, def.name(), call.id);
    }

    List<QueueStats> stats() {
        Instant now = Instant.now();
        List<QueueStats> out = new ArrayList<>();
        for (QueueRuntime q : queues.values()) {
            int r = 0;
            int busy = 0;
            int nr = 0;
            for (AgentRuntime a : agents.values()) {
                if (a.state == AgentState.LOGGED_OUT || !q.def.admits(a.skills)) {
                    continue;
                }
                if (a.state == AgentState.READY) {
                    r++;
                } else if (a.state.busy()) {
                    busy++;
                } else {
                    nr++;
                }
            }
            long longest = q.waiting.stream().map(c -> c.enqueuedAt).min(Instant::compareTo)
                .map(t -> Duration.between(t, now).toSeconds()).orElse(0L);
            q.on(today());
            out.add(new QueueStats(q.def.name(), q.waiting.size(), longest, r, busy, nr, q.offered, q.answered, q.abandoned, q.answeredWithinSl));
        }
        return out;
    }
}
