package io.seatline.wfm.internal;

import io.seatline.core.CallContext;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentStateChange;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.CdrService;
import io.seatline.tenancy.TenantDirectory;
import io.seatline.wfm.internal.entity.AgentMarkEntity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the aggregates up to date from telephony's events on one thread: a written CDR is counted (again), an agent's
 * state change closes the span before it. Work arrives faster than it is done in bursts, so it is queued and drained in
 * batches — one transaction per tenant per batch. An agent's change is announced before its row is committed: the agent
 * is looked at again shortly after until its history reaches the change announced (the event's {@code state.at}), for
 * at most half a minute.
 */
final class Aggregator {
    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);
    private static final int BATCH = 500;
    private static final Duration RETRY_FOR = Duration.ofSeconds(30);

    private final Jpa jpa;
    private final ScheduledExecutorService worker;
    private final CdrService cdrs;
    private final AcdService acd;
    private final TenantDirectory directory;
    private final int shortAbandonSeconds;
    /** tenant → call ids to count */
    private final Map<String, Set<String>> calls = new LinkedHashMap<>();
    /** tenant → users whose state changed */
    private final Map<String, Set<String>> agents = new LinkedHashMap<>();
    /** tenant|user → the latest change announced, and until when its row is waited for */
    private final Map<String, Instant[]> announced = new HashMap<>();
    /** tenant → batches failed in a row (a batch is retried {@link #MAX_FAILURES} times) */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private static final int MAX_FAILURES = 5;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Map<String, Object[]> zones = new ConcurrentHashMap<>();
    private final Map<String, Object[]> targets = new ConcurrentHashMap<>();

    Aggregator(Jpa jpa, ScheduledExecutorService worker, CdrService cdrs, AcdService acd, TenantDirectory directory, int shortAbandonSeconds) {
        this.jpa = jpa;
        this.worker = worker;
        this.cdrs = cdrs;
        this.acd = acd;
        this.directory = directory;
        this.shortAbandonSeconds = shortAbandonSeconds;
    }

    int shortAbandonSeconds() {
        return shortAbandonSeconds;
    }

    synchronized void callWritten(String tenant, String callId) {
        calls.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).add(callId);
        wake(0);
    }

    /** An agent's state changed at {@code at} (null when the event did not say: the history is read as it is). */
    synchronized void stateChanged(String tenant, String userId, Instant at) {
        agents.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).add(userId);
        if (at != null) {
            // rows keep microseconds; a database may round the last digit either way: wait for the microsecond before
            Instant row = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS).minusNanos(1000);
            announced.merge(tenant + "|" + userId, new Instant[] {row, Instant.now().plus(RETRY_FOR)},
                (old, neu) -> old[0].isAfter(neu[0]) ? old : neu);
        }
        wake(0);
    }

    private void wake(long delayMs) {
        if (scheduled.compareAndSet(false, true)) {
            worker.schedule(this::drain, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The tenant's zone (cached for a minute: a changed zone takes effect from then on; a rebuild re-counts the past). */
    ZoneId zone(String tenant) {
        Object[] z = zones.get(tenant);
        if (z == null || ((Instant) z[1]).isBefore(Instant.now())) {
            z = new Object[] {Periods.zone(directory, tenant), Instant.now().plusSeconds(60)};
            zones.put(tenant, z);
        }
        return (ZoneId) z[0];
    }

    /** The service-level target of a queue, seconds (cached for a minute; 20 s for a queue no longer there). */
    @SuppressWarnings("unchecked")
    int target(String tenant, String queue) {
        Object[] t = targets.get(tenant);
        if (t == null || ((Instant) t[1]).isBefore(Instant.now())) {
            Map<String, Integer> m = new HashMap<>();
            for (CallQueue q : TenantContext.call(CallContext.operator("wfm").withTenant(tenant), acd::queues)) {
                m.put(q.name(), q.serviceLevelSeconds());
            }
            t = new Object[] {m, Instant.now().plusSeconds(60)};
            targets.put(tenant, t);
        }
        return ((Map<String, Integer>) t[0]).getOrDefault(queue, 20);
    }

    private void drain() {
        scheduled.set(false);
        Map<String, List<String>> callBatch = new LinkedHashMap<>();
        Map<String, Set<String>> agentBatch = new LinkedHashMap<>();
        synchronized (this) {
            int n = 0;
            for (var it = calls.entrySet().iterator(); it.hasNext() && n < BATCH; ) {
                var e = it.next();
                List<String> ids = new ArrayList<>();
                for (var ci = e.getValue().iterator(); ci.hasNext() && n < BATCH; n++) {
                    ids.add(ci.next());
                    ci.remove();
                }
                callBatch.put(e.getKey(), ids);
                if (e.getValue().isEmpty()) {
                    it.remove();
                }
            }
            agentBatch.putAll(agents);
            agents.clear();
        }
        Set<String> tenants = new LinkedHashSet<>(callBatch.keySet());
        tenants.addAll(agentBatch.keySet());
        for (String tenant : tenants) {
            List<String> tenantCalls = callBatch.getOrDefault(tenant, List.of());
            Set<String> tenantAgents = agentBatch.getOrDefault(tenant, Set.of());
            try {
                TenantContext.call(CallContext.operator("wfm").withTenant(tenant), () -> {
                    count(tenant, tenantCalls, tenantAgents);
                    return null;
                });
                failures.remove(tenant);
            } catch (RuntimeException e) {
                // nothing of the batch was written (one transaction): count it again shortly, a few times; after that a
                // rebuild of the day counts it (an agent's spans are counted from its mark at its next change anyway)
                int failed = failures.merge(tenant, 1, Integer::sum);
                LOG.warn("Aggregating tenant {} failed ({} time(s)): {}", tenant, failed, e.toString());
                if (failed <= MAX_FAILURES) {
                    synchronized (this) {
                        calls.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).addAll(tenantCalls);
                        agents.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).addAll(tenantAgents);
                    }
                } else {
                    failures.remove(tenant);
                }
            }
        }
        synchronized (this) {
            if (!calls.isEmpty() || !agents.isEmpty()) {
                // after a failure, a second's pause (a database restarting); calls at once; agents waiting for a commit shortly
                wake(!failures.isEmpty() ? 1000 : !calls.isEmpty() ? 0 : 200);
            }
        }
    }

    /** Counts calls and agents' changes of the tenant in context; agents whose change is not yet committed are asked again. */
    private void count(String tenant, List<String> callIds, Set<String> agentsAt) {
        ZoneId zone = zone(tenant);
        List<Cdr> read = new ArrayList<>();
        for (String id : callIds) {
            try {
                read.add(cdrs.get(id));
            } catch (NotFoundException e) {
                LOG.debug("CDR {} of {} is gone", id, tenant);
            }
        }
        Map<String, List<AgentStateChange>> histories = new LinkedHashMap<>();
        Map<String, Instant> marks = jpa.tenant(em -> {
            Map<String, Instant> m = new HashMap<>();
            for (String u : agentsAt) {
                AgentMarkEntity mark = em.find(AgentMarkEntity.class, Store.markId(tenant, u));
                m.put(u, mark == null ? null : mark.since);
            }
            return m;
        });
        Instant now = Instant.now();
        for (String u : agentsAt) {
            Instant since = marks.get(u) == null ? now.minus(Duration.ofDays(1)) : marks.get(u);
            histories.put(u, acd.stateHistory(u, since, now.plusSeconds(60), 5000));
        }
        Set<String> wrapUpsEnded = new LinkedHashSet<>();
        jpa.tenant(em -> {
            Store store = new Store(em, tenant, zone);
            for (Cdr c : read) {
                store.call(c, target(tenant, c.queue()), shortAbandonSeconds);
            }
            for (var e : histories.entrySet()) {
                store.states(e.getKey(), e.getValue(), wrapUpsEnded);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("agent {} from mark {}: {}", e.getKey(), marks.get(e.getKey()),
                        e.getValue().stream().map(c -> c.state() + "@" + c.at()).toList());
                }
            }
            return null;
        });
        // a wrap-up that ended set its call's after-call work: its CDR is counted again (queued below, next drain)
        // agents whose announced change is not in their history yet (its row is not committed): again shortly
        synchronized (this) {
            calls.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).addAll(wrapUpsEnded);
            if (calls.get(tenant).isEmpty()) {
                calls.remove(tenant);
            }
            for (String u : agentsAt) {
                List<AgentStateChange> h = histories.get(u);
                String key = tenant + "|" + u;
                Instant[] waiting = announced.get(key);
                if (waiting == null) {
                    continue;
                }
                Instant last = h.isEmpty() ? marks.get(u) : h.get(h.size() - 1).at();
                if (last != null && !last.isBefore(waiting[0])) {
                    announced.remove(key);
                } else if (waiting[1].isAfter(now)) {
                    agents.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).add(u);
                } else {
                    LOG.warn("The state change of agent {} of {} at {} was not in its history within {} s; counted at its next change",
                        u, tenant, waiting[0], RETRY_FOR.toSeconds());
                    announced.remove(key);
                }
            }
        }
    }
}
