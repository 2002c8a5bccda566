// Longer than ~600 lines: CrmServiceImpl holds customers with their fields, phones, history, duplicates and merge, and
// the CSV import and export; the import/export is the seam to split along (issue 19).
package io.seatline.crm.internal;

import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.Page;
import io.seatline.core.PhoneNumbers;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import io.seatline.crm.Interaction;
import io.seatline.crm.internal.entity.InteractionEntity;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.FieldEntity;
import io.seatline.crm.internal.entity.PhoneEntity;
import io.seatline.crm.internal.entity.ValueEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.tenancy.TenantService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Customers of each tenant with the tenant's own custom fields. Custom values are kept as JSON on the customer (what
 * is shown) and, as text, in an indexed value table (what is searched); phones are kept E.164 in an indexed table for
 * the screen-pop lookup.
 */
@Component(service = CrmService.class, immediate = true)
public class CrmServiceImpl implements CrmService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CallContext SYSTEM = CallContext.operator("crm");

    @Reference(target = "(osgi.unit.name=seatline-crm)")
    private EntityManagerFactory emf;
    @Reference
    private TenantService tenants;
    @Reference
    private AuditService audit;
    @Reference
    private org.osgi.service.event.EventAdmin eventAdmin;
    /** enriches call history with the CDR (disposition, talk time, recording, survey) when telephony runs */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
        policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile io.seatline.telephony.CdrService cdrs;

    private Jpa jpa;
    private java.util.concurrent.ExecutorService imports;
    private final Map<String, io.seatline.crm.CustomerImport> jobs = new java.util.concurrent.ConcurrentHashMap<>();

    @Activate
    void activate() {
        jpa = new Jpa(emf);
        imports = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seatline-crm-import");
            t.setDaemon(true);
            return t;
        });
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        imports.shutdownNow();
    }

    // =================================================================== field definitions

    @Override
    public List<FieldDef> fields() {
        Permissions.require("customers", "read");
        return fieldDefs();
    }

    /** The tenant's field definitions, for work whose own permission was checked (create, update, import). */
    private List<FieldDef> fieldDefs() {
        return jpa.tenant(CrmServiceImpl::defs);
    }

    private static List<FieldDef> defs(EntityManager em) {
        return em.createQuery("select f from FieldEntity f order by f.position", FieldEntity.class).getResultList().stream()
            .map(f -> new FieldDef(f.name, f.label, f.type, f.required, f.choicesJson == null ? null : read(f.choicesJson,
                new TypeReference<List<String>>() {}))).toList();
    }

    @Override
    public List<FieldDef> saveFields(List<FieldDef> defs) {
        Permissions.require("customer-fields", "write");
        List<FieldDef> checked = CustomFields.checkDefinitions(defs);
        List<FieldDef> saved = jpa.tenant(em -> {
            Map<String, FieldDef> old = new HashMap<>();
            defs(em).forEach(d -> old.put(d.name(), d));
            Map<String, FieldDef> now = new HashMap<>();
            checked.forEach(d -> now.put(d.name(), d));
            for (FieldDef o : old.values()) {
                FieldDef n = now.get(o.name());
                long used = used(em, o.name(), null);
                if (n == null) {
                    if (used > 0) {
                        throw new ConflictException("field_in_use", "field '" + o.name() + "' holds values of " + used
                            + " customers: clear them before removing it", "fields." + o.name());
                    }
                    continue;
                }
                if (!n.type().equals(o.type()) && used > 0) {
                    throw new ConflictException("field_in_use", "field '" + o.name() + "' holds values of " + used
                        + " customers: its type cannot change from " + o.type() + " to " + n.type(), "fields." + o.name() + ".type");
                }
                if ("CHOICE".equals(n.type()) && o.choices() != null) {
                    for (String c : o.choices()) {
                        if (!n.choices().contains(c) && used(em, o.name(), c) > 0) {
                            throw new ConflictException("choice_in_use", "choice '" + c + "' of field '" + o.name() + "' is still used",
                                "fields." + o.name() + ".choices");
                        }
                    }
                }
            }
            for (FieldDef n : checked) {
                if (n.mandatory()) {
                    long total = em.createQuery("select count(c) from CustomerEntity c", Long.class).getSingleResult();
                    long with = used(em, n.name(), null);
                    if (with < total) {
                        throw new ConflictException("field_missing_values", (total - with) + " customers have no '" + n.name()
                            + "': fill them before making it required", "fields." + n.name() + ".required");
                    }
                }
            }
            Jpa.bulk(em, "delete from FieldEntity f").executeUpdate();
            em.flush();
            int pos = 0;
            for (FieldDef d : checked) {
                FieldEntity e = new FieldEntity();
                e.id = UUID.randomUUID().toString();
                e.name = d.name();
                e.label = d.label();
                e.type = d.type();
                e.required = d.mandatory();
                e.choicesJson = d.choices() == null ? null : write(d.choices());
                e.position = pos++;
                em.persist(e);
            }
            return checked;
        });
        audit.record("crm.fields", null, saved.stream().map(FieldDef::name).collect(Collectors.joining(",")));
        return saved;
    }

    private static long used(EntityManager em, String field, String value) {
        return (value == null
            ? em.createQuery("select count(distinct v.customerId) from ValueEntity v where v.field = :f", Long.class)
            : em.createQuery("select count(distinct v.customerId) from ValueEntity v where v.field = :f and v.value = :v", Long.class)
                .setParameter("v", value))
            .setParameter("f", field).getSingleResult();
    }

    // =================================================================== customers

    @Override
    public Customer create(CustomerSpec spec) {
        Permissions.require("customers", "write");
        String country = country();
        Customer c = jpa.tenant(em -> {
            Checked v = check(em, spec, country);
            CustomerEntity e = new CustomerEntity();
            e.id = UUID.randomUUID().toString();
            e.createdAt = Instant.now();
            write(em, e, v);
            em.persist(e);
            index(em, e.id, v);
            return customer(e, v.phones);
        });
        audit.record("customer.create", c.id(), c.name());
        publish("CREATED", c.id(), c.name());
        return c;
    }

    @Override
    public Customer update(String id, CustomerSpec spec) {
        Permissions.require("customers", "write");
        String country = country();
        Customer c = jpa.tenant(em -> {
            CustomerEntity e = Jpa.get(em, CustomerEntity.class, id, "customer");
            Checked v = check(em, spec, country);
            write(em, e, v);
            reindex(em, id, v);
            return customer(e, v.phones);
        });
        audit.record("customer.update", id, c.name());
        publish("UPDATED", id, c.name());
        return c;
    }

    /** io/seatline/crm/customer/{type} with customer.id and name, for the event export. */
    private void publish(String type, String id, String name) {
        String topic = "io/seatline/crm/customer/" + type;
        Map<String, Object> p = new HashMap<>();
        p.put("customer.id", id);
        if (name != null) {
            p.put("name", name);
        }
        eventAdmin.postEvent(new org.osgi.service.event.Event(topic, io.seatline.core.SeatlineEvents.properties(topic, TenantContext.requireTenant(),
            TenantContext.current().principal(), Instant.now(), p)));
    }

    @Override
    public Customer get(String id) {
        Permissions.require("customers", "read");
        return jpa.tenant(em -> {
            CustomerEntity e = Jpa.get(em, CustomerEntity.class, id, "customer");
            return customer(e, phones(em, List.of(id)).getOrDefault(id, List.of()));
        });
    }

    @Override
    public void delete(String id) {
        Permissions.require("customers", "delete");
        jpa.tenant(em -> {
            CustomerEntity e = Jpa.get(em, CustomerEntity.class, id, "customer");
            unindex(em, id);
            Jpa.bulk(em, "delete from InteractionEntity i where i.customerId = :c").setParameter("c", id).executeUpdate();
            em.remove(e);
            return null;
        });
        audit.record("customer.delete", id, null);
        publish("DELETED", id, null);
    }

    @Override
    public Page<Customer> search(String q, String phone, String email, String tag, Map<String, String> fields, int offset, int limit) {
        Permissions.require("customers", "read");
        String e164 = phone == null ? null : normalise(phone, country());
        return jpa.tenant(em -> {
            Jpa.Where w = new Jpa.Where("c").eq("email", email == null ? null : email.strip().toLowerCase(java.util.Locale.ROOT));
            Map<String, Object> extra = new LinkedHashMap<>();
            if (q != null && !q.isBlank()) {
                w.and("lower(c.name) like :q");
                extra.put("q", "%" + q.strip().toLowerCase(java.util.Locale.ROOT).replace("%", "\\%") + "%");
            }
            if (tag != null && !tag.isBlank()) {
                w.and("c.tags like :tag");
                extra.put("tag", "%|" + tag.strip() + "|%");
            }
            if (e164 != null) {
                w.and("c.id in (select p.customerId from PhoneEntity p where p.phone = :phone)");
                extra.put("phone", e164);
            }
            int i = 0;
            for (Map.Entry<String, String> f : (fields == null ? Map.<String, String>of() : fields).entrySet()) {
                w.and("c.id in (select v.customerId from ValueEntity v where v.field = :ff" + i + " and v.value = :fv" + i + ")");
                extra.put("ff" + i, f.getKey());
                extra.put("fv" + i, f.getValue());
                i++;
            }
            javax.persistence.TypedQuery<Long> count = w.bind(em.createQuery("select count(c) from CustomerEntity c" + w.where(), Long.class));
            javax.persistence.TypedQuery<CustomerEntity> page = w.bind(em.createQuery("select c from CustomerEntity c" + w.where()
                + " order by c.updatedAt desc, c.id", CustomerEntity.class));
            extra.forEach((k, v) -> {
                count.setParameter(k, v);
                page.setParameter(k, v);
            });
            List<CustomerEntity> rows = page.setFirstResult(offset).setMaxResults(limit).getResultList();
            Map<String, List<String>> phones = phones(em, rows.stream().map(r -> r.id).toList());
            return new Page<>(rows.stream().map(r -> customer(r, phones.getOrDefault(r.id, List.of()))).toList(), count.getSingleResult(),
                offset, limit);
        });
    }

    @Override
    public List<Customer> lookup(String phone) {
        Permissions.require("customers", "read");
        String e164 = normalise(phone, country());
        return jpa.tenant(em -> {
            List<String> ids = em.createQuery("select p.customerId from PhoneEntity p where p.phone = :p", String.class).setParameter("p", e164)
                .setMaxResults(20).getResultList();
            if (ids.isEmpty()) {
                return List.of();
            }
            List<CustomerEntity> rows = em.createQuery("select c from CustomerEntity c where c.id in :ids order by c.updatedAt desc",
                CustomerEntity.class).setParameter("ids", ids).getResultList();
            Map<String, List<String>> phones = phones(em, ids);
            return rows.stream().map(r -> customer(r, phones.getOrDefault(r.id, List.of()))).toList();
        });
    }

    // =================================================================== duplicates and merge

    /** Most groups a duplicates report lists (an operator fixes them a page at a time). */
    private static final int MAX_DUPLICATE_GROUPS = 10_000;

    @Override
    public Page<io.seatline.crm.CustomerDuplicate> duplicates(String customerId, int offset, int limit) {
        Permissions.require("customers", "read");
        return jpa.tenant(em -> {
            List<String[]> keys = new ArrayList<>();
            if (customerId == null) {
                em.createQuery("select p.phone from PhoneEntity p group by p.phone having count(p) > 1 order by p.phone", String.class)
                    .setMaxResults(MAX_DUPLICATE_GROUPS).getResultList().forEach(v -> keys.add(new String[] {"PHONE", v}));
                em.createQuery("select c.email from CustomerEntity c where c.email is not null group by c.email having count(c) > 1 order by c.email",
                    String.class).setMaxResults(MAX_DUPLICATE_GROUPS).getResultList().forEach(v -> keys.add(new String[] {"EMAIL", v}));
            } else {
                CustomerEntity c = Jpa.get(em, CustomerEntity.class, customerId, "customer");
                for (String p : phones(em, List.of(customerId)).getOrDefault(customerId, List.of())) {
                    if (em.createQuery("select count(p) from PhoneEntity p where p.phone = :p", Long.class).setParameter("p", p).getSingleResult() > 1) {
                        keys.add(new String[] {"PHONE", p});
                    }
                }
                if (c.email != null && em.createQuery("select count(c) from CustomerEntity c where c.email = :e", Long.class)
                    .setParameter("e", c.email).getSingleResult() > 1) {
                    keys.add(new String[] {"EMAIL", c.email});
                }
            }
            List<io.seatline.crm.CustomerDuplicate> page = new ArrayList<>();
            for (String[] k : keys.subList(Math.min(offset, keys.size()), Math.min(keys.size(), offset + limit))) {
                List<CustomerEntity> rows = ("PHONE".equals(k[0])
                    ? em.createQuery("select c from CustomerEntity c where c.id in (select p.customerId from PhoneEntity p where p.phone = :v)"
                        + " order by c.updatedAt desc, c.id", CustomerEntity.class)
                    : em.createQuery("select c from CustomerEntity c where c.email = :v order by c.updatedAt desc, c.id", CustomerEntity.class))
                    .setParameter("v", k[1]).setMaxResults(50).getResultList();
                Map<String, List<String>> phones = phones(em, rows.stream().map(r -> r.id).toList());
                page.add(new io.seatline.crm.CustomerDuplicate(k[0], k[1],
                    rows.stream().map(r -> customer(r, phones.getOrDefault(r.id, List.of()))).toList()));
            }
            return new Page<>(page, keys.size(), offset, limit);
        });
    }

    @Override
    public io.seatline.crm.CustomerMerge merge(String targetId, String sourceId) {
        Permissions.require("customers", "merge");
        if (targetId == null || sourceId == null || targetId.equals(sourceId)) {
            throw new ValidationException("same_customer", "a customer cannot be merged into itself", "source");
        }
        String country = country();
        String tenant = TenantContext.requireTenant();
        io.seatline.crm.CustomerMerge result = jpa.tenant(em -> {
            CustomerEntity target = Jpa.get(em, CustomerEntity.class, targetId, "customer");
            CustomerEntity source = Jpa.get(em, CustomerEntity.class, sourceId, "source");
            Map<String, List<String>> phones = phones(em, List.of(targetId, sourceId));
            Customer t = customer(target, phones.getOrDefault(targetId, List.of()));
            Customer s = customer(source, phones.getOrDefault(sourceId, List.of()));
            Map<String, Object> fields = new LinkedHashMap<>(s.fields());
            fields.putAll(t.fields());
            Checked v;
            try {
                v = check(em, new CustomerSpec(t.name(), joined(t.phones(), s.phones()), t.email() != null ? t.email() : s.email(),
                    t.address() != null ? t.address() : s.address(), t.language() != null ? t.language() : s.language(),
                    joined(t.tags(), s.tags()), fields), country);
            } catch (ValidationException e) {
                throw new ValidationException("merge_invalid", "the merged customer would be invalid: " + e.getMessage(), e.field());
            }
            int interactions = Jpa.bulk(em, "update InteractionEntity i set i.customerId = :t where i.customerId = :s")
                .setParameter("t", targetId).setParameter("s", sourceId).executeUpdate();
            List<String> tickets = em.createQuery("select t.id from TicketEntity t where t.customerId = :s", String.class)
                .setParameter("s", sourceId).getResultList();
            if (!tickets.isEmpty()) {
                Jpa.bulk(em, "update TicketEntity t set t.customerId = :t where t.customerId = :s")
                    .setParameter("t", targetId).setParameter("s", sourceId).executeUpdate();
                String by = TenantContext.current().principal();
                Instant now = Instant.now();
                for (String ticket : tickets) {
                    TicketPart.change(em, ticket, now, by, "CUSTOMER", sourceId, targetId, "customer " + s.name() + " merged into " + t.name());
                }
            }
            unindex(em, sourceId);
            em.remove(source);
            em.flush();
            write(em, target, v);
            reindex(em, targetId, v);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("mergedId", sourceId);
            data.put("mergedName", s.name());
            Interactions.add(em, targetId, "MERGE", Instant.now(), sourceId, "merged " + s.name(), data, TenantContext.current().principal());
            return new io.seatline.crm.CustomerMerge(customer(target, v.phones()), sourceId, s.name(), interactions, tickets.size());
        });
        audit.record("customer.merge", targetId, sourceId + " (" + result.mergedName() + ") merged: " + result.movedInteractions()
            + " history entries, " + result.movedTickets() + " tickets moved");
        publish("DELETED", sourceId, result.mergedName());
        publish("UPDATED", targetId, result.customer().name());
        return result;
    }

    private static List<String> joined(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    // =================================================================== history

    @Override
    public List<Interaction> history(String customerId, int offset, int limit) {
        Permissions.require("customers", "read");
        List<Interaction> rows = jpa.tenant(em -> {
            Jpa.get(em, CustomerEntity.class, customerId, "customer");
            return em.createQuery("select i from InteractionEntity i where i.customerId = :c order by i.at desc, i.id", InteractionEntity.class)
                .setParameter("c", customerId).setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(Interactions::of).toList();
        });
        io.seatline.telephony.CdrService c = cdrs;
        return c == null ? rows : rows.stream().map(i -> "CALL".equals(i.kind()) && i.refId() != null ? withCdr(c, i) : i).toList();
    }

    /** A call's entry with what its CDR says (written after the call ends; absent for a call still in progress). */
    private static Interaction withCdr(io.seatline.telephony.CdrService cdrs, Interaction i) {
        io.seatline.telephony.Cdr cdr;
        try {
            // who may read the customer's history sees its calls' outcome: the CDR is read as the CRM service
            cdr = Permissions.asService("crm", () -> cdrs.get(i.refId()));
        } catch (RuntimeException e) {
            return i;
        }
        Map<String, Object> d = new LinkedHashMap<>(i.data());
        d.put("disposition", cdr.disposition());
        d.put("hangupCause", cdr.hangupCause());
        d.put("talkMs", cdr.talkMs());
        d.put("waitMs", cdr.waitMs());
        d.put("agentLogin", cdr.agentLogin());
        d.put("transfers", cdr.transfers());
        if (cdr.recordingId() != null) {
            d.put("recordingId", cdr.recordingId());
        }
        if (cdr.csatStatus() != null) {
            d.put("csatStatus", cdr.csatStatus());
            d.put("csatScore", cdr.csatScore());
        }
        return new Interaction(i.id(), i.customerId(), i.kind(), i.at(), i.refId(), i.summary(), d, i.by());
    }

    @Override
    public Interaction addNote(String customerId, String text, String callId) {
        Permissions.require("customers", "write");
        if (text == null || text.isBlank() || text.length() > 2000) {
            throw new ValidationException("invalid_text", "a note is 1-2000 characters", "text");
        }
        String by = TenantContext.current().principal();
        Interaction n = jpa.tenant(em -> {
            Jpa.get(em, CustomerEntity.class, customerId, "customer");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text", text.strip());
            return Interactions.add(em, customerId, "NOTE", Instant.now(), callId, text.strip(), data, by);
        });
        return n;
    }

    // =================================================================== CSV import and export

    private static final int IMPORT_BATCH = 200;

    @Override
    public io.seatline.crm.CustomerImport startImport(byte[] csv, boolean merge) {
        Permissions.require("customers", "write");
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
    private void importRow(EntityManager em, ImportRun run, List<String> columns, List<FieldDef> defs, io.seatline.core.CsvText.Row r,
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
            CustomerEntity e = new CustomerEntity();
            e.id = UUID.randomUUID().toString();
            e.createdAt = Instant.now();
            write(em, e, v);
            em.persist(e);
            index(em, e.id, v);
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
    private static CustomerEntity duplicateOf(EntityManager em, Checked v) {
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
    private static final class ImportRun {
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

    @Override
    public io.seatline.crm.CustomerImport importStatus(String id) {
        Permissions.require("customers", "read");
        io.seatline.crm.CustomerImport j = jobs.get(TenantContext.requireTenant() + "/" + id);
        if (j == null) {
            throw new io.seatline.core.NotFoundException("not_found", "import '" + id + "' not found");
        }
        return j;
    }

    @Override
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

    // =================================================================== helpers

    /** A spec that passed validation: its E.164 phones, tags and typed custom values. */
    private record Checked(CustomerSpec spec, List<String> phones, List<String> tags, Map<String, Object> fields) {
    }

    private Checked check(EntityManager em, CustomerSpec s, String country) {
        return check(defs(em), s, country);
    }

    private static Checked check(List<FieldDef> defs, CustomerSpec s, String country) {
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        if (s.name() == null || s.name().isBlank() || s.name().length() > 200) {
            throw new ValidationException("invalid_name", "name: 1-200 characters", "name");
        }
        List<String> phones = new ArrayList<>();
        List<String> raw = s.phones() == null ? List.of() : s.phones();
        if (raw.size() > 10) {
            throw new ValidationException("too_many_phones", "at most 10 phones", "phones");
        }
        for (int i = 0; i < raw.size(); i++) {
            PhoneNumbers.Result r = PhoneNumbers.normalise(raw.get(i), country);
            if (!r.ok()) {
                throw new ValidationException("invalid_phone", r.error(), "phones[" + i + "]");
            }
            if (!phones.contains(r.e164())) {
                phones.add(r.e164());
            }
        }
        if (s.email() != null && !s.email().isBlank() && (s.email().length() > 254 || !s.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            throw new ValidationException("invalid_email", "not an e-mail address", "email");
        }
        if (s.address() != null && s.address().length() > 500) {
            throw new ValidationException("invalid_address", "address: at most 500 characters", "address");
        }
        if (s.language() != null && !s.language().matches("[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?")) {
            throw new ValidationException("invalid_language", "language is a tag such as zh-CN or en", "language");
        }
        List<String> tags = new ArrayList<>();
        for (String t : s.tags() == null ? List.<String>of() : s.tags()) {
            if (t == null || t.isBlank() || t.contains("|") || t.length() > 50) {
                throw new ValidationException("invalid_tag", "a tag is 1-50 characters without '|'", "tags");
            }
            if (!tags.contains(t.strip())) {
                tags.add(t.strip());
            }
        }
        if (tags.stream().mapToInt(t -> t.length() + 1).sum() > 990) {
            throw new ValidationException("too_many_tags", "the tags exceed 990 characters", "tags");
        }
        Map<String, Object> fields = CustomFields.checkValues(defs, s.fields());
        return new Checked(s, phones, tags, fields);
    }

    private static void write(EntityManager em, CustomerEntity e, Checked v) {
        CustomerSpec s = v.spec;
        e.name = s.name().strip();
        e.email = s.email() == null || s.email().isBlank() ? null : s.email().strip().toLowerCase(java.util.Locale.ROOT);
        e.address = s.address();
        e.language = s.language();
        e.tags = v.tags.isEmpty() ? "" : "|" + String.join("|", v.tags) + "|";
        e.fieldsJson = write(v.fields);
        if (e.fieldsJson.length() > 8000) {
            throw new ValidationException("fields_too_large", "the custom fields exceed 8000 characters", "fields");
        }
        e.updatedAt = Instant.now();
    }

    private static void index(EntityManager em, String customerId, Checked v) {
        for (String p : v.phones) {
            PhoneEntity pe = new PhoneEntity();
            pe.id = UUID.randomUUID().toString();
            pe.customerId = customerId;
            pe.phone = p;
            em.persist(pe);
        }
        for (Map.Entry<String, Object> f : v.fields.entrySet()) {
            ValueEntity ve = new ValueEntity();
            ve.id = UUID.randomUUID().toString();
            ve.customerId = customerId;
            ve.field = f.getKey();
            ve.value = CustomFields.text(f.getValue());
            em.persist(ve);
        }
    }

    /** Replaces the customer's indexed phones and values with those of {@code v}. */
    private static void reindex(EntityManager em, String customerId, Checked v) {
        unindex(em, customerId);
        index(em, customerId, v);
    }

    /** Removes the customer's indexed phones and custom values. */
    private static void unindex(EntityManager em, String customerId) {
        Jpa.bulk(em, "delete from PhoneEntity p where p.customerId = :c").setParameter("c", customerId).executeUpdate();
        Jpa.bulk(em, "delete from ValueEntity v where v.customerId = :c").setParameter("c", customerId).executeUpdate();
    }

    private static Map<String, List<String>> phones(EntityManager em, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>();
        em.createQuery("select p from PhoneEntity p where p.customerId in :ids order by p.phone", PhoneEntity.class).setParameter("ids", ids)
            .getResultList().forEach(p -> out.computeIfAbsent(p.customerId, k -> new ArrayList<>()).add(p.phone));
        return out;
    }

    private static Customer customer(CustomerEntity e, List<String> phones) {
        List<String> tags = e.tags.isEmpty() ? List.of() : List.of(e.tags.substring(1, e.tags.length() - 1).split("\\|"));
        return new Customer(e.id, e.name, phones, e.email, e.address, e.language, tags,
            read(e.fieldsJson, new TypeReference<LinkedHashMap<String, Object>>() {}), e.createdAt, e.updatedAt);
    }

    private String country() {
        String t = TenantContext.requireTenant();
        return TenantContext.call(SYSTEM, () -> tenants.get(t)).phoneCountry();
    }

    private static String normalise(String phone, String country) {
        PhoneNumbers.Result r = PhoneNumbers.normalise(phone, country);
        if (!r.ok()) {
            throw new ValidationException("invalid_phone", r.error(), "phone");
        }
        return r.e164();
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("unreadable stored JSON", e);
        }
    }
}
