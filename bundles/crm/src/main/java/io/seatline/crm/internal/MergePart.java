package io.seatline.crm.internal;

import io.seatline.crm.CrmService.*;
import io.seatline.core.Permissions;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.Interaction;
import io.seatline.crm.internal.entity.InteractionEntity;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.PhoneEntity;
import io.seatline.persistence.Jpa;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Duplicate detection, merging customers, and a customer's history. One part of {@link CrmServiceImpl}. */
final class MergePart extends CrmPart {
    MergePart(CrmServiceImpl owner) {
        super(owner);
    }

    /** Most groups a duplicates report lists (an operator fixes them a page at a time). */
    static final int MAX_DUPLICATE_GROUPS = 10_000;

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


    public List<Interaction> history(String customerId, int offset, int limit) {
        Permissions.require("customers", "read");
        List<Interaction> rows = jpa.tenant(em -> {
            Jpa.get(em, CustomerEntity.class, customerId, "customer");
            return em.createQuery("select i from InteractionEntity i where i.customerId = :c order by i.at desc, i.id", InteractionEntity.class)
                .setParameter("c", customerId).setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(Interactions::of).toList();
        });
        io.seatline.telephony.CdrService c = owner.cdrs;
        return c == null ? rows : rows.stream().map(i -> "CALL".equals(i.kind()) && i.refId() != null ? withCdr(c, i) : i).toList();
    }

    /** A call's entry with what its CDR says (written after the call ends; absent for a call still in progress). */
    static Interaction withCdr(io.seatline.telephony.CdrService cdrs, Interaction i) {
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

    /**
     * Whether {@code callId} is one of the context tenant's calls: already in one of its customers' histories, or known
     * to telephony (a CDR, or a call in progress) — both looked up in the tenant's scope, so another tenant's id is
     * unknown. Without telephony only the histories count.
     */
    private boolean ownCall(javax.persistence.EntityManager em, String callId) {
        if (!em.createQuery("select i.id from InteractionEntity i where i.refId = :r", String.class).setParameter("r", callId).setMaxResults(1)
            .getResultList().isEmpty()) {
            return true;
        }
        io.seatline.telephony.CdrService c = owner.cdrs;
        io.seatline.telephony.CallService live = owner.calls;
        return (c != null && found(() -> c.get(callId))) || (live != null && found(() -> live.call(callId)));
    }

    private static boolean found(java.util.function.Supplier<?> lookup) {
        try {
            return Permissions.asService("crm", lookup) != null;
        } catch (io.seatline.core.NotFoundException e) {
            return false;
        }
    }

    public Interaction addNote(String customerId, String text, String callId) {
        Permissions.require("customers", "write");
        if (text == null || text.isBlank() || text.length() > 2000) {
            throw new ValidationException("invalid_text", "a note is 1-2000 characters", "text");
        }
        String by = TenantContext.current().principal();
        Interaction n = jpa.tenant(em -> {
            Jpa.get(em, CustomerEntity.class, customerId, "customer");
            if (callId != null && !ownCall(em, callId)) {
                throw new ValidationException("unknown_call", "the tenant has no call '" + callId + "'", "callId");
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text", text.strip());
            return Interactions.add(em, customerId, "NOTE", Instant.now(), callId, text.strip(), data, by);
        });
        return n;
    }
}
