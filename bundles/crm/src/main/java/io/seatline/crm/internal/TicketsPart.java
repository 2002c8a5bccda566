package io.seatline.crm.internal;

import io.seatline.crm.TicketService.*;
import io.seatline.core.Permissions;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.FieldDef;
import io.seatline.crm.internal.entity.CustomerEntity;
import io.seatline.crm.internal.entity.TicketCategoryEntity;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.crm.internal.entity.TicketSeqEntity;
import io.seatline.persistence.Jpa;
import io.seatline.telephony.BusinessCalendar;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.User;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.LockModeType;

/** Ticket categories with their SLA, tickets (create, update, assign, transitions, search) and revisits. One part of {@link TicketServiceImpl}. */
final class TicketsPart extends TicketPart {
    TicketsPart(TicketServiceImpl owner) {
        super(owner);
    }




    public List<Category> saveCategories(List<Category> cats) {
        Permissions.require("ticket-categories", "write");
        if (cats == null) {
            throw new ValidationException("body_required", "a JSON array of categories is required", null);
        }
        List<Category> checked = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < cats.size(); i++) {
            Category c = cats.get(i);
            String at = "[" + i + "]";
            if (c == null || c.name() == null || !NAME.matcher(c.name()).matches() || !names.add(c.name())) {
                throw new ValidationException("invalid_category_name", "a category name is 1-64 of a-z 0-9 _ -, once", at + ".name");
            }
            if (c.label() == null || c.label().isBlank() || c.label().length() > 200) {
                throw new ValidationException("invalid_label", "label: 1-200 characters", at + ".label");
            }
            if (c.slaHours() == null || c.slaHours() < 1 || c.slaHours() > 24 * 365) {
                throw new ValidationException("invalid_sla", "slaHours: 1 to 8760", at + ".slaHours");
            }
            if (c.revisitHours() != null && (c.revisitHours() < 0 || c.revisitHours() > 24 * 365)) {
                throw new ValidationException("invalid_revisit", "revisitHours: 0 to 8760, or null for none", at + ".revisitHours");
            }
            List<FieldDef> fields;
            try {
                fields = CustomFields.checkDefinitions(c.fields() == null ? List.of() : c.fields());
            } catch (ValidationException e) {
                throw new ValidationException(e.code(), e.getMessage(), at + ".fields" + (e.field() == null ? "" : e.field()));
            }
            List<String> escalate = c.escalateTo() == null ? List.of() : List.copyOf(c.escalateTo());
            for (String u : escalate) {
                user(u, at + ".escalateTo");
            }
            checked.add(new Category(c.name(), c.label().strip(), c.slaHours(), Boolean.TRUE.equals(c.businessHours()), fields, escalate,
                c.revisitHours()));
        }
        jpa.tenant(em -> {
            for (Category old : categories(em)) {
                if (!names.contains(old.name())) {
                    long n = em.createQuery("select count(t) from TicketEntity t where t.category = :c", Long.class).setParameter("c", old.name())
                        .getSingleResult();
                    if (n > 0) {
                        throw new ConflictException("category_in_use", "category '" + old.name() + "' has " + n + " tickets", "categories");
                    }
                }
            }
            Jpa.bulk(em, "delete from TicketCategoryEntity c").executeUpdate();
            em.flush();
            int pos = 0;
            for (Category c : checked) {
                TicketCategoryEntity e = new TicketCategoryEntity();
                e.id = UUID.randomUUID().toString();
                e.name = c.name();
                e.label = c.label();
                e.slaHours = c.slaHours();
                e.businessHours = c.businessHours();
                e.fieldsJson = CrmServiceImpl.write(c.fields());
                e.escalateJson = CrmServiceImpl.write(c.escalateTo());
                e.revisitHours = c.revisitHours();
                e.position = pos++;
                em.persist(e);
            }
            return null;
        });
        audit.record("ticket.categories", null, String.join(",", names));
        return checked;
    }


    public Ticket create(TicketSpec s) {
        Permissions.require("tickets", "write");
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        String tenant = TenantContext.requireTenant();
        String by = TenantContext.current().principal();
        Instant now = now();
        Tenant t = owner.directory.tenant(tenant);
        BusinessCalendar calendar = calendar();
        Ticket created = jpa.tenant(em -> {
            TicketCategoryEntity cat = categoryEntity(em, s.category(), "category");
            Category c = category(cat);
            TicketEntity e = new TicketEntity();
            e.id = UUID.randomUUID().toString();
            e.category = c.name();
            write(em, e, s, c);
            e.status = "NEW";
            e.createdAt = now;
            e.createdBy = by;
            e.updatedAt = now;
            e.callId = s.callId();
            ZoneId zone = ZoneId.of(calendar.timezone() != null ? calendar.timezone() : t.timezone());
            Duration sla = Duration.ofHours(c.slaHours());
            e.dueAt = c.businessHours() ? BusinessHours.add(now, sla, calendar, zone) : now.plus(sla);
            e.number = number(em, tenant, now, ZoneId.of(t.timezone()));
            em.persist(e);
            change(em, e.id, now, by, "CREATED", null, "NEW", c.label() + ": " + e.title);
            if (e.customerId != null) {
                Interactions.add(em, e.customerId, "TICKET", now, e.id, "工单 / Ticket " + e.number + " " + c.label() + ": " + e.title,
                    Map.of("number", e.number, "status", "NEW", "category", c.name()), by);
            }
            return ticket(e, now);
        });
        audit.record("ticket.create", created.id(), created.number() + " " + created.category());
        publish("CREATED", created, Map.of());
        return created;
    }

    /** Title, description, priority, customer and fields, validated against the category. */
    static void write(EntityManager em, TicketEntity e, TicketSpec s, Category c) {
        if (s.title() == null || s.title().isBlank() || s.title().length() > 200) {
            throw new ValidationException("invalid_title", "title: 1-200 characters", "title");
        }
        if (s.description() != null && s.description().length() > 4000) {
            throw new ValidationException("invalid_description", "description: at most 4000 characters", "description");
        }
        String priority = s.priority() == null ? "NORMAL" : s.priority().toUpperCase(Locale.ROOT);
        if (!PRIORITIES.contains(priority)) {
            throw new ValidationException("invalid_priority", "priority is one of " + PRIORITIES, "priority");
        }
        if (s.customerId() != null && Jpa.find(em, CustomerEntity.class, s.customerId()) == null) {
            throw new ValidationException("unknown_customer", "no customer '" + s.customerId() + "'", "customerId");
        }
        e.title = s.title().strip();
        e.description = s.description();
        e.priority = priority;
        e.customerId = s.customerId();
        e.fieldsJson = CrmServiceImpl.write(CustomFields.checkValues(c.fields(), s.fields()));
        if (e.fieldsJson.length() > 8000) {
            throw new ValidationException("fields_too_large", "the fields exceed 8000 characters", "fields");
        }
    }

    /** GD-yyyyMMdd-0001: the tenant's counter of the day, under a row lock. */
    static String number(EntityManager em, String tenant, Instant now, ZoneId zone) {
        String day = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).format(now.atZone(zone));
        TicketSeqEntity seq = em.find(TicketSeqEntity.class, tenant, LockModeType.PESSIMISTIC_WRITE);
        if (seq == null) {
            seq = new TicketSeqEntity();
            seq.id = tenant;
            seq.day = day;
            seq.next = 1;
            em.persist(seq);
        } else if (!seq.day.equals(day)) {
            seq.day = day;
            seq.next = 1;
        }
        int n = seq.next++;
        return "GD-" + day + "-" + String.format(Locale.ROOT, "%04d", n);
    }

    /** The fields the ticket list sorts by (priority by weight, not by name; tickets without a due time count as earliest, on H2 and MariaDB alike). */
    private static final java.util.Map<String, String> TICKET_SORT = io.seatline.core.Sort.columns("number", "t.number", "created",
        "t.createdAt", "updated", "t.updatedAt", "due", "t.dueAt", "priority",
        "case t.priority when 'URGENT' then 4 when 'HIGH' then 3 when 'NORMAL' then 2 else 1 end", "status", "t.status");

    public Page<Ticket> search(String status, String category, String assigneeUserId, String customerId, boolean overdueOnly,
                               io.seatline.core.Sort sort, int offset, int limit) {
        Permissions.require("tickets", "read");
        Instant now = now();
        String st = status == null ? null : status.toUpperCase(Locale.ROOT);
        boolean open = "OPEN".equals(st); // NEW, ASSIGNED or IN_PROGRESS: the work still to do
        String order = io.seatline.core.Sort.orderBy(sort, TICKET_SORT, open ? "t.dueAt, t.id" : "t.createdAt desc, t.id", "t.id");
        return jpa.tenant(em -> {
            Jpa.Where w = new Jpa.Where("t").eq("status", open ? null : st).eq("category", category)
                .eq("assigneeUserId", assigneeUserId).eq("customerId", customerId);
            if (open || overdueOnly) {
                w.and("t.status in ('NEW', 'ASSIGNED', 'IN_PROGRESS')");
            }
            if (overdueOnly) {
                w.before("dueAt", now);
            }
            long total = w.bind(em.createQuery("select count(t) from TicketEntity t" + w.where(), Long.class)).getSingleResult();
            List<Ticket> items = w.bind(em.createQuery("select t from TicketEntity t" + w.where() + order,
                TicketEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(e -> ticket(e, now)).toList();
            return new Page<>(items, total, offset, limit);
        });
    }

    public List<Ticket> overdue() {
        Permissions.require("tickets", "read");
        Instant now = now();
        return jpa.tenant(em -> em.createQuery("select t from TicketEntity t where t.status in :open and t.dueAt < :now order by t.dueAt",
            TicketEntity.class).setParameter("open", OPEN).setParameter("now", now).setMaxResults(500).getResultList().stream()
            .map(e -> ticket(e, now)).toList());
    }

    public Ticket update(String id, TicketSpec s) {
        Permissions.require("tickets", "write");
        if (s == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        String by = TenantContext.current().principal();
        Instant now = now();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if (s.category() != null && !s.category().equals(e.category)) {
                throw new ValidationException("category_fixed", "a ticket's category cannot change; open a new ticket", "category");
            }
            String before = e.title + " | " + e.priority + " | " + e.fieldsJson;
            write(em, e, s, category(categoryEntity(em, e.category, "category")));
            e.updatedAt = now;
            change(em, e.id, now, by, "EDITED", null, null, before + " → " + e.title + " | " + e.priority + " | " + e.fieldsJson);
            return ticket(e, now);
        });
        audit.record("ticket.update", id, t.number());
        return t;
    }

    public Ticket assign(String id, String userId, String teamId) {
        Permissions.require("tickets", "assign");
        if (userId == null && teamId == null) {
            throw new ValidationException("assignee_required", "assign to a user (userId), a team (teamId) or both", "userId");
        }
        User u = userId == null ? null : user(userId, "userId");
        if (teamId != null) {
            try {
                Permissions.asService("tickets", () -> teams.get(teamId)); // the assigner may hold tickets:assign without teams:read
            } catch (NotFoundException e) {
                throw new ValidationException("unknown_team", "no team '" + teamId + "' in this tenant", "teamId");
            }
        }
        String by = TenantContext.current().principal();
        Instant now = now();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if ("CLOSED".equals(e.status)) {
                throw new ConflictException("invalid_transition", "a closed ticket is reopened before it is reassigned", "status");
            }
            String from = e.assigneeUserId + "/" + e.teamId;
            e.assigneeUserId = userId;
            e.teamId = teamId;
            String was = e.status;
            if ("NEW".equals(e.status)) {
                e.status = "ASSIGNED";
            }
            e.updatedAt = now;
            change(em, e.id, now, by, "ASSIGNED", from, userId + "/" + teamId, was.equals(e.status) ? null : was + " → " + e.status);
            if (u != null) {
                notify(em, u.id(), "TICKET_ASSIGNED", e, "工单 " + e.number + " 已派给您 / Ticket " + e.number + " is assigned to you: " + e.title, now);
            }
            return ticket(e, now);
        });
        audit.record("ticket.assign", id, userId + "/" + teamId);
        publish("ASSIGNED", t, Map.of());
        return t;
    }



    public Ticket revisit(String id, String result, Integer satisfaction, boolean reopen) {
        Permissions.require("tickets", "write");
        if (result == null || result.isBlank() || result.length() > 2000) {
            throw new ValidationException("invalid_result", "the revisit's result is 1-2000 characters", "result");
        }
        if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
            throw new ValidationException("invalid_satisfaction", "satisfaction: 1 to 5", "satisfaction");
        }
        String by = TenantContext.current().principal();
        Instant now = now();
        Ticket t = jpa.tenant(em -> {
            TicketEntity e = Jpa.get(em, TicketEntity.class, id, "ticket");
            if (!"PENDING".equals(e.revisitStatus)) {
                throw new ConflictException("no_revisit_pending", "the ticket has no pending revisit", "revisit");
            }
            e.revisitStatus = "DONE";
            e.revisitResult = result.strip();
            e.revisitScore = satisfaction;
            e.revisitDoneAt = now;
            e.revisitBy = by;
            change(em, e.id, now, by, "REVISITED", null, satisfaction == null ? null : String.valueOf(satisfaction), e.revisitResult);
            if (e.customerId != null) {
                Interactions.add(em, e.customerId, "TICKET", now, e.id, "回访 / Revisit " + e.number + ": " + e.revisitResult,
                    satisfaction == null ? Map.of("number", e.number) : Map.of("number", e.number, "satisfaction", satisfaction), by);
            }
            return reopen ? move(em, e, "REOPEN", "revisit: " + e.revisitResult, by) : ticket(e, now);
        });
        audit.record("ticket.revisit", id, result + (satisfaction == null ? "" : " (" + satisfaction + ")"));
        publish("REVISITED", t, Map.of());
        return t;
    }
}
