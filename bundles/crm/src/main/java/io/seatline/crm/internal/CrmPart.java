package io.seatline.crm.internal;

import io.seatline.crm.CrmService.*;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seatline.core.CallContext;
import io.seatline.core.PhoneNumbers;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.FieldEntity;
import io.seatline.crm.internal.entity.PhoneEntity;
import io.seatline.crm.internal.entity.ValueEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;

/** What every part of the customer service shares: services and helpers of the component ({@link CrmServiceImpl}). */
abstract class CrmPart {
    static final ObjectMapper JSON = CrmServiceImpl.JSON;
    static final CallContext SYSTEM = CrmServiceImpl.SYSTEM;

    final CrmServiceImpl owner;
    final Jpa jpa;
    final AuditService audit;
    final org.osgi.service.event.EventAdmin eventAdmin;
    final java.util.concurrent.ExecutorService imports;
    final Map<String, io.seatline.crm.CustomerImport> jobs;

    CrmPart(CrmServiceImpl owner) {
        this.owner = owner;
        this.jpa = owner.jpa;
        this.audit = owner.audit;
        this.eventAdmin = owner.eventAdmin;
        this.imports = owner.imports;
        this.jobs = owner.jobs;
    }

    /** A spec that passed validation: its E.164 phones, tags and typed custom values. */
    record Checked(CustomerSpec spec, List<String> phones, List<String> tags, Map<String, Object> fields) {
    }

    Checked check(EntityManager em, CustomerSpec s, String country) {
        return check(defs(em), s, country);
    }

    static Checked check(List<FieldDef> defs, CustomerSpec s, String country) {
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

    static void write(EntityManager em, CustomerEntity e, Checked v) {
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

    static void index(EntityManager em, String customerId, Checked v) {
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
    static void reindex(EntityManager em, String customerId, Checked v) {
        unindex(em, customerId);
        index(em, customerId, v);
    }

    /** Removes the customer's indexed phones and custom values. */
    static void unindex(EntityManager em, String customerId) {
        Jpa.bulk(em, "delete from PhoneEntity p where p.customerId = :c").setParameter("c", customerId).executeUpdate();
        Jpa.bulk(em, "delete from ValueEntity v where v.customerId = :c").setParameter("c", customerId).executeUpdate();
    }

    static Map<String, List<String>> phones(EntityManager em, List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new HashMap<>();
        em.createQuery("select p from PhoneEntity p where p.customerId in :ids order by p.phone", PhoneEntity.class).setParameter("ids", ids)
            .getResultList().forEach(p -> out.computeIfAbsent(p.customerId, k -> new ArrayList<>()).add(p.phone));
        return out;
    }

    static Customer customer(CustomerEntity e, List<String> phones) {
        List<String> tags = e.tags.isEmpty() ? List.of() : List.of(e.tags.substring(1, e.tags.length() - 1).split("\\|"));
        return new Customer(e.id, e.name, phones, e.email, e.address, e.language, tags,
            read(e.fieldsJson, new TypeReference<LinkedHashMap<String, Object>>() {}), e.createdAt, e.updatedAt);
    }

    String country() {
        String t = TenantContext.requireTenant();
        return owner.directory.tenant(t).phoneCountry();
    }

    static String normalise(String phone, String country) {
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


    static List<String> joined(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    static List<FieldDef> defs(EntityManager em) {
        return em.createQuery("select f from FieldEntity f order by f.position", FieldEntity.class).getResultList().stream()
            .map(f -> new FieldDef(f.name, f.label, f.type, f.required, f.choicesJson == null ? null : read(f.choicesJson,
                new TypeReference<List<String>>() {}))).toList();
    }

    /** The tenant's field definitions, for work whose own permission was checked (create, update, import). */
    List<FieldDef> fieldDefs() {
        return jpa.tenant(CrmPart::defs);
    }

    /** io/seatline/crm/customer/{type} with customer.id and name, for the event export. */
    void publish(String type, String id, String name) {
        String topic = "io/seatline/crm/customer/" + type;
        Map<String, Object> p = new HashMap<>();
        p.put("customer.id", id);
        if (name != null) {
            p.put("name", name);
        }
        eventAdmin.postEvent(new org.osgi.service.event.Event(topic, io.seatline.core.SeatlineEvents.properties(topic, TenantContext.requireTenant(),
            TenantContext.current().principal(), Instant.now(), p)));
    }

    /** A new customer from checked input, with its phones and searchable values indexed. */
    CustomerEntity insert(EntityManager em, Checked v) {
        CustomerEntity e = new CustomerEntity();
        e.id = UUID.randomUUID().toString();
        e.createdAt = Instant.now();
        write(em, e, v);
        em.persist(e);
        index(em, e.id, v);
        return e;
    }
}
