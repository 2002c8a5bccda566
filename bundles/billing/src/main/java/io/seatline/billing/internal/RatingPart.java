package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.entity.UnratedEntity;
import io.seatline.billing.internal.entity.UsageEntity;
import io.seatline.core.CallContext;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.Cdr;
import io.seatline.tenancy.Tenant;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.persistence.PersistenceException;
import org.osgi.service.event.Event;

/** Rating: every written CDR priced on its tenant's plan (the CDR-written handler), re-rating, unrated calls. One part of {@link BillingServiceImpl}. */
final class RatingPart extends BillingPart {
    RatingPart(BillingServiceImpl owner) {
        super(owner);
    }

    /** CDRs telephony reported written, waiting for the rating thread */
    private final java.util.concurrent.BlockingQueue<Written> written = new java.util.concurrent.LinkedBlockingQueue<>();

    /** A CDR telephony wrote. */
    private record Written(String tenant, String callId) {
    }

    private volatile Thread rater;

    /**
     * Starts rating written CDRs as they come: one thread takes what has queued (up to 500 CDRs), reads them in one query
     * and rates them in one transaction, so the cost per call stays flat under load instead of one read and one commit
     * each on the event threads.
     */
    void start() {
        Thread t = new Thread(this::rateWritten, "seatline-billing-rater");
        t.setDaemon(true);
        rater = t;
        t.start();
    }

    /** Stops rating; what is still queued is rated by the billing run (as after a crash). */
    void stop() {
        Thread t = rater;
        rater = null;
        if (t != null) {
            // told through the queue, not by an interrupt: an interrupt in the middle of a commit can close an embedded
            // database's file channel
            written.add(STOP);
            try {
                t.join(10_000);
                if (t.isAlive()) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Put on the queue by {@link #stop}. */
    private static final Written STOP = new Written(null, null);

    /** How many written CDRs wait to be rated. */
    int waiting() {
        return written.size();
    }

    public void handleEvent(Event event) {
        Object tenant = event.getProperty(SeatlineEvents.TENANT_ID);
        Object callId = event.getProperty("call.id");
        if (tenant != null && callId != null) {
            written.add(new Written(tenant.toString(), callId.toString()));
        }
    }

    private void rateWritten() {
        List<Written> batch = new ArrayList<>(500);
        while (rater == Thread.currentThread()) {
            try {
                batch.add(written.take());
            } catch (InterruptedException e) {
                return;
            }
            try {
                // what comes within a fifth of a second goes in the same transaction (rating is not in a hurry)
                long until = System.nanoTime() + 200_000_000L;
                for (long left = until - System.nanoTime(); batch.size() < 500 && left > 0; left = until - System.nanoTime()) {
                    written.drainTo(batch, 500 - batch.size());
                    Written next = batch.size() < 500 ? written.poll(left, java.util.concurrent.TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (batch.contains(STOP)) {
                return; // what was queued is rated by the billing run, as after a crash
            }
            try {
                Map<String, List<String>> byTenant = new HashMap<>();
                batch.forEach(w -> byTenant.computeIfAbsent(w.tenant(), k -> new ArrayList<>()).add(w.callId()));
                List<Cdr> cdrList = db(em -> {
                    List<Cdr> read = new ArrayList<>();
                    byTenant.forEach((tenant, ids) -> read.addAll(Rating.cdrs(em, tenant, ids)));
                    return read;
                });
                if (!cdrList.isEmpty()) {
                    rateAll(cdrList, true);
                }
            } catch (RuntimeException e) {
                // not lost: the billing run rates what this did not
                LOG.warn("Could not rate {} written calls now (the billing run will): {}", batch.size(), e.toString());
            }
            batch.clear();
        }
    }

    public List<RatingResult> rate(List<Cdr> cdrList) {
        staff();
        if (cdrList == null || cdrList.isEmpty()) {
            throw new ValidationException("required", "a list of CDRs is required", "cdrs");
        }
        if (cdrList.size() > 10_000) {
            throw new ValidationException("too_many", "at most 10 000 CDRs per request", "cdrs");
        }
        return rateAll(cdrList, false);
    }

    List<RatingResult> rateAll(List<Cdr> cdrList, boolean telephony) {
        Map<String, ZoneId> zones = new HashMap<>();
        Function<String, ZoneId> zoneOf = t -> zones.computeIfAbsent(t, id -> {
            try {
                return zone(directory.tenant(id));
            } catch (NotFoundException e) {
                return null;
            }
        });
        try {
            return db(em -> rating.rate(em, cdrList, zoneOf, Instant.now(), telephony));
        } catch (PersistenceException e) {
            // two raters met on one CDR (the event and a run): the other one's row stands; rate one by one
            List<RatingResult> out = new ArrayList<>();
            for (Cdr c : cdrList) {
                try {
                    out.addAll(db(em -> rating.rate(em, List.of(c), zoneOf, Instant.now(), telephony)));
                } catch (PersistenceException again) {
                    out.add(new RatingResult(c.id(), "ALREADY_RATED", null, null, null));
                }
            }
            return out;
        }
    }

    public int rerate(String tenant) {
        staff();
        Tenant t = tenant(tenant);
        int rated = rateBacklog(t, Instant.EPOCH, Instant.now().plusSeconds(86_400));
        List<String> retry = db(em -> em.createQuery("select u.cdrId from UnratedEntity u where u.tenantId = :t", String.class)
            .setParameter("t", tenant).getResultList());
        for (int i = 0; i < retry.size(); i += 500) {
            List<String> ids = retry.subList(i, Math.min(retry.size(), i + 500));
            List<Cdr> again = TenantContext.call(CallContext.operator("billing").withTenant(tenant), () -> ids.stream().map(id -> {
                try {
                    return cdrs.get(id);
                } catch (NotFoundException e) {
                    return null; // fed through the API, not a telephony CDR: feed it again
                }
            }).filter(java.util.Objects::nonNull).toList());
            rated += (int) rateAll(again, true).stream().filter(r -> r.outcome().equals("RATED")).count();
        }
        audited(tenant, "billing.rerate", tenant, "rated=" + rated);
        return rated;
    }

    /** Rates the tenant's CDRs offered in [from, to) that nothing has rated yet; returns how many were rated. */
    int rateBacklog(Tenant t, Instant from, Instant to) {
        if (!db(em -> Rating.unaccounted(em, t.id(), from, to))) {
            return 0;
        }
        return rateMissed(t.id(), from, to);
    }

    /** Rates the tenant's CDRs offered in [from, to) that have no usage or unrated row (the anti-join), 1 000 at a time. */
    int rateMissed(String tenant, Instant from, Instant to) {
        int rated = 0;
        while (true) {
            List<Cdr> batch = db(em -> Rating.backlog(em, tenant, from, to, 1000));
            if (batch.isEmpty()) {
                return rated;
            }
            rated += (int) rateAll(batch, true).stream().filter(r -> r.outcome().equals("RATED")).count();
            if (batch.size() < 1000) {
                return rated;
            }
        }
    }

    public Page<Usage> usage(String tenant, String period, int offset, int limit) {
        reader(tenant);
        Period p = Period.parse(period);
        return db(em -> new Page<>(em.createQuery("select u from UsageEntity u where u.tenantId = :t and u.period = :p order by u.answeredAt, u.cdrId",
                UsageEntity.class).setParameter("t", tenant).setParameter("p", p.toString()).setFirstResult(offset).setMaxResults(limit)
            .getResultStream().map(BillingPart::toApi).toList(),
            em.createQuery("select count(u) from UsageEntity u where u.tenantId = :t and u.period = :p", Long.class).setParameter("t", tenant)
                .setParameter("p", p.toString()).getSingleResult(), offset, limit));
    }

    public Page<Unrated> unrated(String tenant, String period, int offset, int limit) {
        reader(tenant);
        Jpa.Where w = new Jpa.Where("u").eq("tenantId", tenant).eq("period", period == null || period.isBlank() ? null : Period.parse(period).toString());
        return db(em -> new Page<>(w.bind(em.createQuery("select u from UnratedEntity u" + w.where() + " order by u.answeredAt, u.cdrId",
                UnratedEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultStream().map(BillingPart::toApi).toList(),
            w.bind(em.createQuery("select count(u) from UnratedEntity u" + w.where(), Long.class)).getSingleResult(), offset, limit));
    }
}
