package io.seatline.crm.internal;

import io.seatline.crm.CrmService.*;
import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.PhoneEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;

/** Customers in and out as CSV: the import job with its rejected-rows report, and the export. One part of {@link CrmServiceImpl}. */
final class CustomerCsvPart extends CrmPart {
    CustomerCsvPart(CrmServiceImpl owner) {
        super(owner);
    }

    static final int IMPORT_BATCH = 200;

    public io.seatline.crm.CustomerImport startImport(byte[] csv, boolean merge) {
        // a bulk import, and above all one that merges into (overwrites) existing customers, is a supervisor's or an
        // admin's decision: an agent edits customers one by one
        Permissions.require("customers", "import");
        if (merge) {
            Permissions.require("customers", "merge");
        }
        if (csv == null || csv.length == 0) {
            throw new ValidationException("empty_file", "the file is empty: a header row naming the columns is expected", "file");
        }
        io.seatline.core.CsvText.Decoded text = io.seatline.core.CsvText.decode(csv);
        if (text == null) {
            throw new ValidationException("unreadable_file", "the file is neither UTF-8 nor GBK text: save it as UTF-8 CSV", "file");
        }
        List<io.seatline.core.CsvText.Row> rows = io.seatline.core.CsvText.parse(text.text());
        if (rows.isEmpty()) {
            throw new ValidationException("empty_file", "the file is empty: a header row naming the columns is expected", "file");
        }
        List<FieldDef> defs = fieldDefs();
        List<String> columns = CustomerCsv.columns(rows.get(0).fields(), defs);
        List<io.seatline.core.CsvText.Row> data = rows.subList(1, rows.size()).stream()
            .filter(r -> !(r.fields().size() == 1 && r.fields().get(0).isBlank())).toList();
        String tenant = TenantContext.requireTenant();
        String id = UUID.randomUUID().toString();
        io.seatline.core.CallContext ctx = TenantContext.current();
        ImportRun run = new ImportRun(id, text.encoding(), merge, data.size());
        jobs.put(tenant + "/" + id, run.snapshot("RUNNING", null));
        String country = country();
        imports.execute(() -> TenantContext.run(ctx, () -> {
            try {
                for (int from = 0; from < data.size(); from += IMPORT_BATCH) {
                    List<io.seatline.core.CsvText.Row> batch = data.subList(from, Math.min(data.size(), from + IMPORT_BATCH));
                    jpa.tenant(em -> {
                        batch.forEach(r -> importRow(em, run, columns, defs, r, country));
                        return null;
                    });
                    jobs.put(tenant + "/" + id, run.snapshot("RUNNING", null));
                }
                jobs.put(tenant + "/" + id, run.snapshot("DONE", null));
                audit.record("customer.import", id, run.created + " created, " + run.merged + " merged, " + run.rejected.size() + " rejected");
            } catch (RuntimeException e) {
                jobs.put(tenant + "/" + id, run.snapshot("FAILED", e.toString()));
            }
        }));
        return jobs.get(tenant + "/" + id);
    }

    /** One row: created, merged into the customer with its phone or e-mail, or rejected with the reason. */
    void importRow(EntityManager em, ImportRun run, List<String> columns, List<FieldDef> defs, io.seatline.core.CsvText.Row r,
                           String country) {
        run.done++;
        if (r.fields().size() != columns.size()) {
            run.reject(r, "has " + r.fields().size() + " columns, the header " + columns.size());
            return;
        }
        Checked v;
        try {
            v = check(defs, CustomerCsv.spec(columns, r.fields()), country);
        } catch (ValidationException e) {
            run.reject(r, (e.field() == null ? "" : e.field() + ": ") + e.getMessage());
            return;
        }
        CustomerEntity existing = duplicateOf(em, v);
        if (existing == null) {
            insert(em, v);
            run.created++;
            return;
        }
        if (!run.merge) {
            run.reject(r, "duplicate of customer " + existing.id + " (" + existing.name + ")");
            return;
        }
        Customer old = customer(existing, phones(em, List.of(existing.id)).getOrDefault(existing.id, List.of()));
        CustomerSpec s = v.spec();
        Map<String, Object> fields = new LinkedHashMap<>(old.fields());
        fields.putAll(v.fields());
        CustomerSpec merged = new CustomerSpec(s.name(), joined(old.phones(), v.phones()), s.email() != null ? s.email() : old.email(),
            s.address() != null ? s.address() : old.address(), s.language() != null ? s.language() : old.language(),
            joined(old.tags(), v.tags()), fields);
        Checked m;
        try {
            m = check(defs, merged, country);
        } catch (ValidationException e) {
            run.reject(r, "cannot merge into customer " + existing.id + ": " + e.getMessage());
            return;
        }
        write(em, existing, m);
        reindex(em, existing.id, m);
        run.merged++;
    }

    /** The customer that already has one of these phones or this e-mail, or null. */
    static CustomerEntity duplicateOf(EntityManager em, Checked v) {
        if (!v.phones().isEmpty()) {
            List<String> ids = em.createQuery("select p.customerId from PhoneEntity p where p.phone in :p", String.class).setParameter("p", v.phones())
                .setMaxResults(1).getResultList();
            if (!ids.isEmpty()) {
                return em.find(CustomerEntity.class, ids.get(0));
            }
        }
        String email = v.spec().email() == null || v.spec().email().isBlank() ? null : v.spec().email().strip().toLowerCase(java.util.Locale.ROOT);
        return email == null ? null : em.createQuery("select c from CustomerEntity c where c.email = :e", CustomerEntity.class).setParameter("e", email)
            .setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** A running import's counters (written by the import thread only). */
    static final class ImportRun {
        final String id;
        final String encoding;
        final boolean merge;
        final int total;
        int done;
        int created;
        int merged;
        final List<io.seatline.crm.CustomerImport.Rejected> rejected = new ArrayList<>();

        ImportRun(String id, String encoding, boolean merge, int total) {
            this.id = id;
            this.encoding = encoding;
            this.merge = merge;
            this.total = total;
        }

        void reject(io.seatline.core.CsvText.Row r, String reason) {
            rejected.add(new io.seatline.crm.CustomerImport.Rejected(r.line(), reason, r.raw().length() > 500 ? r.raw().substring(0, 500) : r.raw()));
        }

        io.seatline.crm.CustomerImport snapshot(String status, String error) {
            return new io.seatline.crm.CustomerImport(id, status, encoding, merge, total, done, created, merged, List.copyOf(rejected), error);
        }
    }

    public io.seatline.crm.CustomerImport importStatus(String id) {
        Permissions.require("customers", "read");
        io.seatline.crm.CustomerImport j = jobs.get(TenantContext.requireTenant() + "/" + id);
        if (j == null) {
            throw new io.seatline.core.NotFoundException("not_found", "import '" + id + "' not found");
        }
        return j;
    }

    public byte[] export() {
        Permissions.require("customers", "export");
        List<FieldDef> defs = fieldDefs();
        StringBuilder out = new StringBuilder("\uFEFF").append(CustomerCsv.header(defs));
        jpa.tenant(em -> {
            int page = 0;
            while (true) {
                List<CustomerEntity> rows = em.createQuery("select c from CustomerEntity c order by c.createdAt, c.id", CustomerEntity.class)
                    .setFirstResult(page * 1000).setMaxResults(1000).getResultList();
                if (rows.isEmpty()) {
                    return null;
                }
                Map<String, List<String>> phones = phones(em, rows.stream().map(r -> r.id).toList());
                rows.forEach(r -> out.append(CustomerCsv.row(customer(r, phones.getOrDefault(r.id, List.of())), defs)));
                em.clear();
                page++;
            }
        });
        audit.record("customer.export", null, null);
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
