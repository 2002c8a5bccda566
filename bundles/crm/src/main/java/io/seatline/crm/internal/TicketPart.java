package io.seatline.crm.internal;

import io.seatline.crm.TicketService.*;
import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.crm.FieldDef;
import io.seatline.crm.Notification;
import io.seatline.crm.Push;
import io.seatline.crm.PushService;
import io.seatline.crm.internal.entity.NotificationEntity;
import io.seatline.crm.internal.entity.TicketCategoryEntity;
import io.seatline.crm.internal.entity.TicketChangeEntity;
import io.seatline.crm.internal.entity.TicketCommentEntity;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.BusinessCalendar;
import io.seatline.telephony.MediaService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.persistence.EntityManager;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of tickets shares: services, state and helpers of the component ({@link TicketServiceImpl}). */
abstract class TicketPart {
    static final Logger LOG = LoggerFactory.getLogger(TicketServiceImpl.class);
    static final CallContext SYSTEM = TicketServiceImpl.SYSTEM;
    static final Pattern NAME = TicketServiceImpl.NAME;
    static final Set<String> PRIORITIES = TicketServiceImpl.PRIORITIES;
    static final List<String> OPEN = TicketServiceImpl.OPEN;
    static final Map<String, Set<String>> MOVES = TicketServiceImpl.MOVES;

    final TicketServiceImpl owner;
    final Jpa jpa;
    final UserService users;
    final TeamService teams;
    final AuditService audit;
    final EventAdmin eventAdmin;
    final PushService push;

    TicketPart(TicketServiceImpl owner) {
        this.owner = owner;
        this.jpa = owner.jpa;
        this.users = owner.users;
        this.teams = owner.teams;
        this.audit = owner.audit;
        this.eventAdmin = owner.eventAdmin;
        this.push = owner.push;
    }

    Instant now() {
        return owner.now();
    }

    User user(String id, String field) {
        try {
            return users.get(id);
        } catch (NotFoundException e) {
            throw new ValidationException("unknown_user", "no user '" + id + "' in this tenant", field);
        }
    }

    BusinessCalendar calendar() {
        MediaService m = owner.media;
        if (m == null) {
            return BusinessCalendar.DEFAULT;
        }
        try {
            // the tenant's hours and holidays set every ticket's SLA, whoever creates it: read as the ticket service
            return Permissions.asService("tickets", m::calendar);
        } catch (RuntimeException e) {
            LOG.warn("business calendar unavailable, SLA from the default hours: {}", e.toString());
            return BusinessCalendar.DEFAULT;
        }
    }

    static Ticket ticket(TicketEntity e, Instant now) {
        Revisit r = e.revisitStatus == null ? null : new Revisit(e.revisitDueAt, e.revisitStatus, e.revisitResult, e.revisitScore, e.revisitDoneAt,
            e.revisitBy);
        return new Ticket(e.id, e.number, e.category, e.title, e.description, e.priority, e.status, e.customerId, e.callId, e.assigneeUserId,
            e.teamId, e.department, CrmServiceImpl.read(e.fieldsJson, new TypeReference<LinkedHashMap<String, Object>>() {}), e.dueAt,
            OPEN.contains(e.status) && e.dueAt.isBefore(now), e.remindedAt, e.createdAt, e.createdBy, e.updatedAt, e.resolvedAt, e.closedAt,
            e.resolution, r);
    }


    void notify(EntityManager em, String userId, String kind, TicketEntity t, String text, Instant now) {
        NotificationEntity n = new NotificationEntity();
        n.id = UUID.randomUUID().toString();
        n.userId = userId;
        n.kind = kind;
        n.ticketId = t.id;
        n.text = cut(text, 1000);
        n.at = now;
        em.persist(n);
        push.push(userId, new Push("notification", notification(n)));
    }

    static TicketCategoryEntity categoryEntity(EntityManager em, String name, String field) {
        return Jpa.named(em, TicketCategoryEntity.class, name == null ? "" : name)
            .orElseThrow(() -> new ValidationException("unknown_category", "no ticket category '" + name + "'", field));
    }

    static List<Category> categories(EntityManager em) {
        return em.createQuery("select c from TicketCategoryEntity c order by c.position", TicketCategoryEntity.class).getResultList().stream()
            .map(TicketPart::category).toList();
    }

    public List<Category> categories() {
        Permissions.require("tickets", "read");
        return jpa.tenant(TicketPart::categories);
    }

    public Ticket get(String id) {
        Permissions.require("tickets", "read");
        Instant now = now();
        return jpa.tenant(em -> ticket(Jpa.get(em, TicketEntity.class, id, "ticket"), now));
    }

    public Ticket transition(String id, String status, String note) {
        Permissions.require("tickets", "write");
        String to = status == null ? "" : status.toUpperCase(Locale.ROOT);
        if (note != null && note.length() > 2000) {
            throw new ValidationException("invalid_note", "note: at most 2000 characters", "note");
        }
        String by = TenantContext.current().principal();
        Ticket t = jpa.tenant(em -> move(em, Jpa.get(em, TicketEntity.class, id, "ticket"), to, note, by));
        audit.record("ticket." + to.toLowerCase(Locale.ROOT), id, t.number() + (note == null ? "" : " " + note));
        publish("REOPEN".equals(to) ? "REOPENED" : to, t, Map.of());
        return t;
    }

    /** Writes one entry of a ticket's trail (also used when a customer merge moves tickets). */
    static void change(EntityManager em, String ticketId, Instant at, String by, String action, String from, String to, String detail) {
        TicketChangeEntity c = new TicketChangeEntity();
        c.id = UUID.randomUUID().toString();
        c.ticketId = ticketId;
        c.at = at;
        c.by = by;
        c.action = action;
        c.from = cut(from, 200);
        c.to = cut(to, 200);
        c.detail = cut(detail, 2000);
        em.persist(c);
    }

    static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    public Comment comment(String id, String text, boolean internal) {
        Permissions.require("tickets", "write");
        String by = TenantContext.current().principal();
        return jpa.tenant(em -> addComment(em, Jpa.get(em, TicketEntity.class, id, "ticket"), text, internal, by));
    }

    static List<Comment> comments(EntityManager em, String id, boolean withInternal) {
        return em.createQuery("select c from TicketCommentEntity c where c.ticketId = :t" + (withInternal ? "" : " and c.internal = false")
            + " order by c.at, c.id", TicketCommentEntity.class).setParameter("t", id).getResultList().stream()
            .map(c -> new Comment(c.id, c.at, c.by, c.text, c.internal)).toList();
    }

    public List<Comment> comments(String id, boolean withInternal) {
        Permissions.require("tickets", "read");
        return jpa.tenant(em -> {
            Jpa.get(em, TicketEntity.class, id, "ticket");
            return comments(em, id, withInternal);
        });
    }

    static Notification notification(NotificationEntity n) {
        return new Notification(n.id, n.userId, n.kind, n.ticketId, n.text, n.at, n.readAt);
    }

    static Category category(TicketCategoryEntity c) {
        return new Category(c.name, c.label, c.slaHours, c.businessHours, CrmServiceImpl.read(c.fieldsJson, new TypeReference<List<FieldDef>>() {}),
            CrmServiceImpl.read(c.escalateJson, new TypeReference<List<String>>() {}), c.revisitHours);
    }

    Ticket move(EntityManager em, TicketEntity e, String to, String note, String by) {
        Instant now = now();
        if (!MOVES.getOrDefault(e.status, Set.of()).contains(to)) {
            throw new ConflictException("invalid_transition", "a " + e.status + " ticket cannot go to " + to + " (allowed: "
                + MOVES.getOrDefault(e.status, Set.of()) + ")", "status");
        }
        if ("RESOLVED".equals(to) && (note == null || note.isBlank())) {
            throw new ValidationException("resolution_required", "resolving a ticket needs its resolution (note)", "note");
        }
        String from = e.status;
        switch (to) {
            case "RESOLVED" -> {
                e.status = "RESOLVED";
                e.resolvedAt = now;
                e.resolution = note.strip();
                Integer revisit = category(categoryEntity(em, e.category, "category")).revisitHours();
                if (revisit != null) {
                    e.revisitDueAt = now.plus(Duration.ofHours(revisit));
                    e.revisitStatus = "PENDING";
                    e.revisitRemindedAt = null;
                }
                if (e.customerId != null) {
                    Interactions.add(em, e.customerId, "TICKET", now, e.id, "工单 / Ticket " + e.number + " resolved: " + e.resolution,
                        Map.of("number", e.number, "status", "RESOLVED"), by);
                }
            }
            case "CLOSED" -> {
                e.status = "CLOSED";
                e.closedAt = now;
            }
            case "REOPEN" -> {
                e.status = "IN_PROGRESS";
                e.resolvedAt = null;
                e.closedAt = null;
                e.remindedAt = null;
            }
            default -> e.status = to;
        }
        e.updatedAt = now;
        change(em, e.id, now, by, "REOPEN".equals(to) ? "REOPENED" : "STATUS", from, e.status, note);
        return ticket(e, now);
    }

    Comment addComment(EntityManager em, TicketEntity t, String text, boolean internal, String by) {
        if (text == null || text.isBlank() || text.length() > 4000) {
            throw new ValidationException("invalid_text", "a comment is 1-4000 characters", "text");
        }
        Instant now = now();
        TicketCommentEntity c = new TicketCommentEntity();
        c.id = UUID.randomUUID().toString();
        c.ticketId = t.id;
        c.at = now;
        c.by = by;
        c.text = text.strip();
        c.internal = internal;
        em.persist(c);
        t.updatedAt = now;
        change(em, t.id, now, by, "COMMENTED", null, null, internal ? "(internal)" : null);
        return new Comment(c.id, c.at, c.by, c.text, c.internal);
    }

    void publish(String type, Ticket t, Map<String, Object> extra) {
        String topic = "io/seatline/crm/ticket/" + type;
        Map<String, Object> p = new HashMap<>(extra);
        p.put("ticket.id", t.id());
        p.put("number", t.number());
        p.put("category", t.category());
        p.put("status", t.status());
        if (t.customerId() != null) {
            p.put("customer.id", t.customerId());
        }
        if (t.assigneeUserId() != null) {
            p.put("user.id", t.assigneeUserId());
        }
        eventAdmin.postEvent(new Event(topic, SeatlineEvents.properties(topic, TenantContext.requireTenant(), TenantContext.current().principal(),
            now(), p)));
    }
}
