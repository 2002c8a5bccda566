package io.seatline.telephony.internal.acd;

import io.seatline.telephony.FloorSample;
import io.seatline.telephony.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's floor every {@link #EVERY} for the last {@link #KEPT} readings (four hours), in memory: the big screen's
 * charts start from here rather than from the moment the screen was opened. Lost when the node restarts.
 */
public final class FloorHistory {
    public static final Duration EVERY = Duration.ofSeconds(30);
    static final int KEPT = 480;

    private final Map<String, Deque<FloorSample>> byTenant = new ConcurrentHashMap<>();

    /** Reads the tenant's queues on its own actor (never blocking the caller) and keeps the sum. */
    public void sample(String tenant, TenantAcd acd, Instant at) {
        acd.actor.execute(() -> add(tenant, sum(at, acd.stats())));
    }

    static FloorSample sum(Instant at, List<QueueStats> stats) {
        int waiting = 0;
        long longest = 0;
        long offered = 0;
        long answered = 0;
        long abandoned = 0;
        long within = 0;
        int ready = 0;
        int busy = 0;
        for (QueueStats q : stats) {
            waiting += q.waiting();
            longest = Math.max(longest, q.longestWaitSeconds());
            offered += q.offered();
            answered += q.answered();
            abandoned += q.abandoned();
            within += q.answeredWithinServiceLevel();
            ready = Math.max(ready, q.agentsReady()); // an agent serves several queues: the most of any queue, not the sum
            busy = Math.max(busy, q.agentsBusy());
        }
        return new FloorSample(at, waiting, longest, offered, answered, abandoned, within, ready, busy);
    }

    void add(String tenant, FloorSample s) {
        Deque<FloorSample> d = byTenant.computeIfAbsent(tenant, t -> new ArrayDeque<>());
        synchronized (d) {
            d.addLast(s);
            while (d.size() > KEPT) {
                d.removeFirst();
            }
        }
    }

    /** The tenant's readings, oldest first. */
    public List<FloorSample> of(String tenant) {
        Deque<FloorSample> d = byTenant.get(tenant);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            return List.copyOf(d);
        }
    }

    public void forget(String tenant) {
        byTenant.remove(tenant);
    }
}
