package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.RunEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import javax.persistence.PersistenceException;

/** Billing runs: a month billed tenant by tenant on their own executor, resumable after a crash. One part of {@link BillingServiceImpl}. */
final class RunsPart extends BillingPart {
    RunsPart(BillingServiceImpl owner) {
        super(owner);
    }

    /** The tenants of a request: the named ones (each must exist), or every tenant that has a subscription. */
    List<String> runTenants(RunRequest request) {
        if (request.tenants() != null && !request.tenants().isEmpty()) {
            List<String> out = new ArrayList<>(new TreeSet<>(request.tenants()));
            out.forEach(this::tenant);
            return out;
        }
        return db(em -> em.createQuery("select distinct s.tenantId from SubscriptionEntity s order by s.tenantId", String.class).getResultList());
    }

    Period checkPeriod(RunRequest request, List<InvoiceBuilder.TenantInfo> infos) {
        if (request == null) {
            throw new ValidationException("body_required", "a run needs a period", "period");
        }
        Period p = Period.parse(request.period());
        if (!request.forced()) {
            Instant now = clock().instant();
            for (InvoiceBuilder.TenantInfo t : infos) {
                if (!p.closed(t.zone(), now)) {
                    throw new ConflictException("period_open", "period " + p + " is not over yet for tenant " + t.id() + " (" + t.zone()
                        + "): bill it after it has ended, or force", "period");
                }
            }
        }
        return p;
    }

    public Preview preview(RunRequest request) {
        staff();
        List<String> ids = runTenants(request == null ? new RunRequest(null, null, null) : request);
        List<InvoiceBuilder.TenantInfo> infos = ids.stream().map(this::info).toList();
        Period p = checkPeriod(request, infos);
        List<Invoice> invoices = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (List<InvoiceBuilder.TenantInfo> batch : batches(infos)) {
            db(em -> {
                List<PlanVersionEntity> versions = Catalog.versions(em);
                Map<String, RunInputs.Of> in = RunInputs.load(em, batch, p);
                for (InvoiceBuilder.TenantInfo t : batch) {
                    RunInputs.Of o = in.get(t.id());
                    if (o.live != null) {
                        skipped.add(t.id() + ": already has " + o.live.status.toLowerCase(Locale.ROOT) + " invoice " + (o.live.number == null
                            ? o.live.id : o.live.number));
                        continue;
                    }
                    try {
                        InvoiceBuilder.Draft d = builder.build(t, billable(t, o), versions, p, Instant.now());
                        d.invoice().id = "preview-" + t.id();
                        invoices.add(toApi(d.invoice(), Map.of(), Map.of()));
                        warnings.addAll(d.warnings());
                    } catch (InvoiceBuilder.NotBillable e) {
                        skipped.add(t.id() + ": " + e.getMessage());
                    }
                }
                return null;
            });
        }
        return new Preview(p.toString(), invoices, skipped, warnings);
    }

    public RunStatus run(RunRequest request) {
        CallContext who = staff();
        List<String> ids = runTenants(request == null ? new RunRequest(null, null, null) : request);
        if (ids.isEmpty()) {
            throw new ValidationException("no_tenants", "no tenant has a rate plan: nothing to bill", "tenants");
        }
        List<InvoiceBuilder.TenantInfo> infos = ids.stream().map(this::info).toList();
        Period p = checkPeriod(request, infos);
        RunEntity run = new RunEntity();
        run.id = UUID.randomUUID().toString();
        run.period = p.toString();
        run.tenants = String.join(",", ids);
        run.state = "RUNNING";
        run.total = ids.size();
        run.startedAt = Instant.now();
        run.startedBy = who.principal();
        synchronized (busy) {
            List<String> clash = ids.stream().filter(busy::containsKey).toList();
            if (!clash.isEmpty()) {
                throw new ConflictException("run_in_progress", "run " + busy.get(clash.get(0)) + " is billing " + clash.size() + " of these tenants ("
                    + String.join(", ", clash.subList(0, Math.min(5, clash.size()))) + "): wait for it (GET /billing/runs/" + busy.get(clash.get(0))
                    + ")", "tenants");
            }
            db(em -> {
                em.persist(run);
                return null;
            });
            ids.forEach(t -> busy.put(t, run.id));
        }
        audited(null, "billing.run", p.toString(), "run=" + run.id + " tenants=" + ids.size() + (request.forced() ? " forced" : ""));
        String principal = who.principal();
        owner.runner.execute(() -> TenantContext.run(CallContext.operator(principal), () -> execute(run.id, p, infos)));
        return toApi(run);
    }

    void execute(String runId, Period p, List<InvoiceBuilder.TenantInfo> infos) {
        int done = 0;
        int created = 0;
        int existing = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (List<InvoiceBuilder.TenantInfo> batch : batches(infos)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("billing stopped");
                }
                Map<String, String> outcomes = billBatch(runId, batch, p);
                for (InvoiceBuilder.TenantInfo t : batch) {
                    String outcome = outcomes.get(t.id());
                    done++;
                    if (outcome.equals("CREATED")) {
                        created++;
                    } else if (outcome.equals("EXISTING")) {
                        existing++;
                    } else {
                        failures.add(t.id() + ": " + outcome.substring("FAILED ".length()));
                    }
                }
                int d = done;
                int c = created;
                int x = existing;
                String f = failures.isEmpty() ? null : String.join("\n", failures);
                jpa.operator(em -> {
                    RunEntity r = em.find(RunEntity.class, runId);
                    r.done = d;
                    r.created = c;
                    r.existing = x;
                    r.failures = f;
                    return null;
                });
                long pause = cfg().run_pause_ms();
                if (pause > 0) {
                    Thread.sleep(pause); // throttle between batches (etc/seatline.billing.cfg run.pause.ms)
                }
            }
            finish(runId, failures.isEmpty() ? "DONE" : "FAILED", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(runId, "INTERRUPTED", null);
        } catch (RuntimeException e) {
            LOG.error("Billing run {} stopped", runId, e);
            finish(runId, "INTERRUPTED", e.toString());
        } finally {
            synchronized (busy) {
                busy.values().removeIf(runId::equals);
            }
        }
    }

    void finish(String runId, String state, String error) {
        try {
            jpa.operator(em -> {
                RunEntity r = em.find(RunEntity.class, runId);
                r.state = state;
                r.finishedAt = Instant.now();
                if (error != null) {
                    r.failures = (r.failures == null ? "" : r.failures + "\n") + error;
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not record the end of billing run {}: {}", runId, e.toString());
        }
    }

    /** The run's tenants in batches of etc/seatline.billing.cfg {@code run.batch}. */
    List<List<InvoiceBuilder.TenantInfo>> batches(List<InvoiceBuilder.TenantInfo> infos) {
        int size = Math.max(1, cfg().run_batch());
        List<List<InvoiceBuilder.TenantInfo>> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i += size) {
            out.add(infos.subList(i, Math.min(infos.size(), i + size)));
        }
        return out;
    }

    /** A tenant already invoiced for a later period cannot be billed for this one (its advance billing would be wrong). */
    static RunInputs.Of billable(InvoiceBuilder.TenantInfo t, RunInputs.Of o) {
        if (o.later != null) {
            throw new InvoiceBuilder.NotBillable("tenant " + t.id() + " is already invoiced for the later period " + o.later
                + ": bill periods in order (discard the later draft first)");
        }
        return o;
    }

    /**
     * One batch of a run: first rate what telephony wrote and billing missed (per tenant whose counts differ, in its own
     * transactions), then, in one transaction, read the batch's data in a few set queries and create a draft invoice for
     * each tenant that has no live one for the period yet (a rerun, or a run that died after it). Returns each tenant's
     * outcome: CREATED, EXISTING or "FAILED reason". Should another server's run insert one of the drafts first (the
     * unique live key), the batch is redone tenant by tenant.
     */
    Map<String, String> billBatch(String runId, List<InvoiceBuilder.TenantInfo> batch, Period p) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, InvoiceBuilder.TenantInfo> byId = new HashMap<>();
        batch.forEach(t -> byId.put(t.id(), t));
        for (String missed : db(em -> RunInputs.missed(em, batch, p))) {
            Instant[] w = RunInputs.window(p, byId.get(missed).zone());
            try {
                owner.ratingPart().rateMissed(missed, w[0], w[1]);
            } catch (RuntimeException e) {
                LOG.error("Billing run {}: rating the missed calls of {} failed", runId, missed, e);
                out.put(missed, "FAILED rating its calls: " + e);
            }
        }
        List<InvoiceBuilder.TenantInfo> todo = batch.stream().filter(t -> !out.containsKey(t.id())).toList();
        try {
            out.putAll(jpa.operator(em -> {
                Map<String, String> result = new HashMap<>();
                List<PlanVersionEntity> versions = Catalog.versions(em);
                Map<String, RunInputs.Of> in = RunInputs.load(em, todo, p);
                for (InvoiceBuilder.TenantInfo t : todo) {
                    RunInputs.Of o = in.get(t.id());
                    if (o.live != null) {
                        result.put(t.id(), "EXISTING");
                        continue;
                    }
                    try {
                        InvoiceEntity inv = builder.build(t, billable(t, o), versions, p, Instant.now()).invoice();
                        inv.id = UUID.randomUUID().toString();
                        inv.runId = runId;
                        em.persist(inv);
                        result.put(t.id(), "CREATED");
                    } catch (InvoiceBuilder.NotBillable | io.seatline.core.SeatlineException e) {
                        result.put(t.id(), "FAILED " + e.getMessage());
                    }
                }
                em.flush();
                return result;
            }));
        } catch (PersistenceException e) {
            if (todo.size() > 1) {
                for (InvoiceBuilder.TenantInfo t : todo) {
                    out.putAll(billBatch(runId, List.of(t), p));
                }
            } else if (todo.size() == 1) {
                String id = todo.get(0).id();
                if (jpa.operator(em -> InvoiceBuilder.live(em, id, p) != null)) {
                    out.put(id, "EXISTING"); // another run created it between our check and our insert
                } else {
                    LOG.error("Billing run {}: tenant {} failed", runId, id, e);
                    out.put(id, "FAILED " + e);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Billing run {}: a batch of {} tenants failed", runId, todo.size(), e);
            todo.forEach(t -> out.putIfAbsent(t.id(), "FAILED " + e));
        }
        return out;
    }

    public RunStatus runStatus(String runId) {
        staff();
        return db(em -> {
            RunEntity r = runId == null ? null : em.find(RunEntity.class, runId);
            if (r == null) {
                throw new NotFoundException("not_found", "billing run '" + runId + "' not found");
            }
            return toApi(r);
        });
    }

    public List<RunStatus> runs(int limit) {
        staff();
        return db(em -> em.createQuery("select r from RunEntity r order by r.startedAt desc", RunEntity.class)
            .setMaxResults(Math.max(1, Math.min(limit, 500))).getResultStream().map(BillingPart::toApi).toList());
    }
}
