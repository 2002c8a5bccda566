package io.seatline.wfm.internal;

import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStateChange;
import io.seatline.telephony.Cdr;
import io.seatline.wfm.Totals;
import io.seatline.wfm.internal.entity.AgentMarkEntity;
import io.seatline.wfm.internal.entity.CallFactEntity;
import io.seatline.wfm.internal.entity.Counters;
import io.seatline.wfm.internal.entity.DayEntity;
import io.seatline.wfm.internal.entity.IntervalEntity;
import io.seatline.wfm.internal.entity.TenantDayEntity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javax.persistence.EntityManager;

/**
 * Writes the aggregates of the tenant in context, inside the caller's transaction: a quarter-hour row and a day row per
 * queue and agent, each call's part remembered so a CDR read again replaces its part, each agent's last counted change
 * remembered so a span is counted once.
 */
final class Store {
    private final EntityManager em;
    private final String tenant;
    private final ZoneId zone;

    Store(EntityManager em, String tenant, ZoneId zone) {
        this.em = em;
        this.tenant = tenant;
        this.zone = zone;
    }

    /**
     * Adds {@code delta} to the quarter's and the day's row of {@code queue} and {@code agent} (empty for none), and to
     * the tenant's day.
     */
    void add(Instant quarter, String queue, String agent, Totals delta) {
        String q = queue == null ? "" : queue;
        String a = agent == null ? "" : agent;
        String key = "|" + q + "|" + a;
        upsert(IntervalEntity.class, tenant + "|" + quarter.getEpochSecond() / 60 + key, delta, id -> {
            IntervalEntity i = new IntervalEntity();
            i.id = id;
            i.bucket = quarter;
            i.queue = q;
            i.agent = a;
            return i;
        });
        LocalDate day = quarter.atZone(zone).toLocalDate();
        upsert(DayEntity.class, tenant + "|" + day + key, delta, id -> {
            DayEntity d = new DayEntity();
            d.id = id;
            d.day = day;
            d.queue = q;
            d.agent = a;
            return d;
        });
        upsert(TenantDayEntity.class, tenant + "|" + day, delta, id -> {
            TenantDayEntity d = new TenantDayEntity();
            d.id = id;
            d.day = day;
            return d;
        });
    }

    /** The row {@code id} plus {@code delta}, or a new row ({@code fresh} of the id) of {@code delta}. */
    private <T extends Counters> void upsert(Class<T> type, String id, Totals delta, java.util.function.Function<String, T> fresh) {
        T row = em.find(type, id); // by id: the tenant filter does not apply, the id's tenant part does (checked)
        if (row != null) {
            if (!tenant.equals(row.getTenantId())) {
                throw new IllegalStateException("aggregate " + id + " is not of tenant " + tenant);
            }
            plus(row, delta);
            return;
        }
        row = fresh.apply(id);
        row.setTenantId(tenant);
        row.set(delta);
        em.persist(row);
    }

    private static void plus(Counters row, Totals delta) {
        row.set(row.totals().plus(delta));
    }

    /** Counts a call, or re-counts it (replacing its earlier part); true when something changed. */
    boolean call(Cdr cdr, int targetSeconds, int shortAbandonSeconds) {
        Totals now = Facts.ofCall(cdr, targetSeconds, shortAbandonSeconds);
        CallFactEntity fact = em.find(CallFactEntity.class, cdr.id());
        if (fact != null && !tenant.equals(fact.getTenantId())) {
            return false; // an id is never another tenant's; refuse rather than touch it
        }
        if (now == null) {
            if (fact != null) {
                add(fact.bucket, fact.queue, fact.agent, Facts.minus(Totals.ZERO, fact.totals()));
                em.remove(fact);
                return true;
            }
            return false;
        }
        Instant quarter = Facts.quarter(cdr.offeredAt());
        String queue = cdr.queue();
        String agent = cdr.agentUserId() == null ? "" : cdr.agentUserId();
        if (fact == null) {
            fact = new CallFactEntity();
            fact.id = cdr.id();
            fact.setTenantId(tenant);
        } else if (fact.totals().equals(now) && fact.bucket.equals(quarter) && fact.queue.equals(queue) && fact.agent.equals(agent)) {
            return false;
        } else {
            add(fact.bucket, fact.queue, fact.agent, Facts.minus(Totals.ZERO, fact.totals()));
        }
        add(quarter, queue, agent, now);
        boolean fresh = fact.bucket == null;
        fact.bucket = quarter;
        fact.day = quarter.atZone(zone).toLocalDate();
        fact.queue = queue;
        fact.agent = agent;
        fact.set(now);
        if (fresh) {
            em.persist(fact);
        }
        return true;
    }

    static String markId(String tenant, String userId) {
        return tenant + "|" + userId;
    }

    AgentMarkEntity mark(String userId) {
        return em.find(AgentMarkEntity.class, markId(tenant, userId));
    }

    /**
     * Counts an agent's changes (oldest first) from its mark on: each span between the mark and the next change, then
     * between changes; the last change becomes the mark (its span is open). Without a mark, counting starts at the
     * first change (what went before it is unknown). Changes before the mark were counted already and are skipped.
     */
    int states(String userId, List<AgentStateChange> changes, java.util.Set<String> wrapUpsEnded) {
        AgentMarkEntity mark = mark(userId);
        int counted = 0;
        for (AgentStateChange c : changes) {
            if (mark == null) {
                mark = new AgentMarkEntity();
                mark.id = markId(tenant, userId);
                mark.setTenantId(tenant);
                mark.userId = userId;
                mark.state = c.state().name();
                mark.since = c.at();
                mark.callId = c.callId();
                em.persist(mark);
                counted++;
                continue;
            }
            if (c.at().isBefore(mark.since)) {
                continue; // counted already
            }
            for (Facts.Slice s : Facts.ofSpan(AgentState.valueOf(mark.state), mark.since, c.at())) {
                add(s.quarter(), "", userId, s.totals());
            }
            if (AgentState.WRAP_UP.name().equals(mark.state) && c.state() != AgentState.WRAP_UP && mark.callId != null) {
                wrapUpsEnded.add(mark.callId);
            }
            mark.state = c.state().name();
            mark.since = c.at();
            mark.callId = c.callId();
            counted++;
        }
        return counted;
    }

    /** Counts a span directly (a rebuild's spans before the mark). */
    void span(String userId, AgentState state, Instant from, Instant to) {
        for (Facts.Slice s : Facts.ofSpan(state, from, to)) {
            add(s.quarter(), "", userId, s.totals());
        }
    }

    /** Forgets the aggregates and call parts of [from, to) (a rebuild's first step); the marks stay. */
    void forget(Instant from, Instant to, LocalDate firstDay, LocalDate lastDay) {
        io.seatline.persistence.Jpa.bulk(em, "delete from IntervalEntity i where i.bucket >= :from and i.bucket < :to")
            .setParameter("from", from).setParameter("to", to).executeUpdate();
        io.seatline.persistence.Jpa.bulk(em, "delete from DayEntity d where d.day >= :from and d.day <= :to")
            .setParameter("from", firstDay).setParameter("to", lastDay).executeUpdate();
        io.seatline.persistence.Jpa.bulk(em, "delete from TenantDayEntity d where d.day >= :from and d.day <= :to")
            .setParameter("from", firstDay).setParameter("to", lastDay).executeUpdate();
        io.seatline.persistence.Jpa.bulk(em, "delete from CallFactEntity c where c.bucket >= :from and c.bucket < :to")
            .setParameter("from", from).setParameter("to", to).executeUpdate();
        em.flush();
        em.clear();
    }
}
