package io.seatline.crm.internal;

import io.seatline.crm.CrmService.*;
import io.seatline.core.Permissions;
import io.seatline.core.ConflictException;
import io.seatline.core.Page;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import io.seatline.crm.internal.entity.InteractionEntity;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.FieldEntity;
import io.seatline.crm.internal.entity.PhoneEntity;
import io.seatline.crm.internal.entity.ValueEntity;
import io.seatline.persistence.Jpa;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;

/** The tenant's custom field definitions and its customers. One part of {@link CrmServiceImpl}. */
final class CustomersPart extends CrmPart {
    CustomersPart(CrmServiceImpl owner) {
        super(owner);
    }

    public List<FieldDef> fields() {
        Permissions.require("customers", "read");
        return fieldDefs();
    }



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

    static long used(EntityManager em, String field, String value) {
        return (value == null
            ? em.createQuery("select count(distinct v.customerId) from ValueEntity v where v.field = :f", Long.class)
            : em.createQuery("select count(distinct v.customerId) from ValueEntity v where v.field = :f and v.value = :v", Long.class)
                .setParameter("v", value))
            .setParameter("f", field).getSingleResult();
    }

    public Customer create(CustomerSpec spec) {
        Permissions.require("customers", "write");
        String country = country();
        Customer c = jpa.tenant(em -> {
            Checked v = check(em, spec, country);
            return customer(insert(em, v), v.phones());
        });
        audit.record("customer.create", c.id(), c.name());
        publish("CREATED", c.id(), c.name());
        return c;
    }

    public Customer update(String id, CustomerSpec spec) {
        Permissions.require("customers", "write");
        String country = country();
        Customer c = jpa.tenant(em -> {
            CustomerEntity e = Jpa.get(em, CustomerEntity.class, id, "customer");
            Checked v = check(em, spec, country);
            write(em, e, v);
            reindex(em, id, v);
            return customer(e, v.phones());
        });
        audit.record("customer.update", id, c.name());
        publish("UPDATED", id, c.name());
        return c;
    }


    public Customer get(String id) {
        Permissions.require("customers", "read");
        return jpa.tenant(em -> {
            CustomerEntity e = Jpa.get(em, CustomerEntity.class, id, "customer");
            return customer(e, phones(em, List.of(id)).getOrDefault(id, List.of()));
        });
    }

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

    /** The fields the customer list sorts by. */
    private static final Map<String, String> CUSTOMER_SORT = io.seatline.core.Sort.columns("name", "lower(c.name)", "created", "c.createdAt",
        "updated", "c.updatedAt");

    public Page<Customer> search(String q, String phone, String email, String tag, Map<String, String> fields, io.seatline.core.Sort sort,
                                 int offset, int limit) {
        Permissions.require("customers", "read");
        String order = io.seatline.core.Sort.orderBy(sort, CUSTOMER_SORT, "c.updatedAt desc, c.id", "c.id");
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
                + order, CustomerEntity.class));
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
}
