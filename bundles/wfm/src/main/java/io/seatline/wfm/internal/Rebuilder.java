package io.seatline.wfm.internal;

import io.seatline.core.Page;
import io.seatline.core.Sort;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStateChange;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.wfm.internal.entity.AgentMarkEntity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Recounts a tenant's days from the raw rows, on the aggregation's thread (nothing is counted meanwhile): forgets the
 * days' aggregates, counts every CDR offered in them, and every agent's spans in them up to the agent's mark (what comes
 * after the mark the live aggregation counts). The figures afterwards equal what the live aggregation gave.
 */
final class Rebuilder {
    /** how far before the range an agent's last change is looked for (the state the range opens in) */
    private static final Duration LOOK_BACK = Duration.ofDays(2);

    private Rebuilder() {
    }

    /** Runs in the tenant's context; returns {calls, state changes} read. */
    static long[] rebuild(Jpa jpa, CdrService cdrs, AcdService acd, UserService users, Aggregator aggregator, String tenant, LocalDate from,
                          LocalDate to) {
        ZoneId zone = aggregator.zone(tenant);
        Instant start = Periods.start(from, zone);
        Instant end = Periods.start(to.plusDays(1), zone);
        jpa.tenant(em -> {
            new Store(em, tenant, zone).forget(start, end, from, to);
            return null;
        });
        long[] counted = new long[2];
        Sort byOffered = Sort.parse("offered");
        Page.eachPage((off, limit) -> cdrs.list(start, end, null, null, null, byOffered, off, limit), batch -> {
            jpa.tenant(em -> {
                Store store = new Store(em, tenant, zone);
                for (Cdr c : batch) {
                    store.call(c, aggregator.target(tenant, c.queue()), aggregator.shortAbandonSeconds());
                }
                return null;
            });
            counted[0] += batch.size();
        });
        for (User u : Page.all(users::list)) {
            counted[1] += agent(jpa, acd, tenant, zone, u.id(), start, end);
        }
        return counted;
    }

    /** One agent's spans in [start, end), up to its mark; an agent without a mark gets one at its last change. */
    private static int agent(Jpa jpa, AcdService acd, String tenant, ZoneId zone, String userId, Instant start, Instant end) {
        Instant markSince = jpa.tenant(em -> {
            AgentMarkEntity m = em.find(AgentMarkEntity.class, Store.markId(tenant, userId));
            return m == null ? null : m.since;
        });
        Instant limit = markSince != null && markSince.isBefore(end) ? markSince : end;
        List<AgentStateChange> h = new ArrayList<>(acd.stateHistory(userId, start.minus(LOOK_BACK), limit, 1_000_000));
        if (h.isEmpty()) {
            return 0;
        }
        if (markSince == null) {
            // the last change becomes the mark: its span is open, the live aggregation counts it from there
            AgentStateChange last = h.get(h.size() - 1);
            limit = last.at().isBefore(limit) ? last.at() : limit;
        }
        Instant clipTo = limit;
        return jpa.tenant(em -> {
            Store store = new Store(em, tenant, zone);
            int read = 0;
            for (int i = 0; i < h.size(); i++) {
                AgentStateChange c = h.get(i);
                Instant spanEnd = i + 1 < h.size() ? h.get(i + 1).at() : clipTo;
                Instant a = c.at().isBefore(start) ? start : c.at();
                Instant b = spanEnd.isAfter(clipTo) ? clipTo : spanEnd;
                if (b.isAfter(a)) {
                    store.span(userId, c.state(), a, b);
                }
                if (!c.at().isBefore(start)) {
                    read++;
                }
            }
            if (markSince == null) {
                AgentStateChange last = h.get(h.size() - 1);
                store.states(userId, List.of(last), new java.util.HashSet<>());
            }
            return read;
        });
    }

}
