package io.seatline.crm.internal;

import io.seatline.crm.TicketService.*;
import io.seatline.core.Permissions;
import io.seatline.core.NotFoundException;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.crm.Notification;
import io.seatline.crm.internal.entity.NotificationEntity;
import io.seatline.crm.internal.entity.TicketEntity;
import io.seatline.persistence.Jpa;
import io.seatline.tenancy.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.LockModeType;

/** Reminders (催办) of overdue tickets and due revisits, and users' notifications. One part of {@link TicketServiceImpl}. */
final class RemindersPart extends TicketPart {
    RemindersPart(TicketServiceImpl owner) {
        super(owner);
    }

    void remindQuietly() {
        try {
            TenantContext.run(SYSTEM, this::remind);
        } catch (RuntimeException e) {
            LOG.warn("ticket reminders failed: {}", e.toString(), e);
        }
    }

    public int remind() {
        io.seatline.core.TenantContext.requireOperator(); // the reminder sweep runs for every tenant: system or console work
        Instant now = now();
        List<Object[]> due = TenantContext.call(SYSTEM, () -> jpa.operator(em -> {
            List<Object[]> out = new ArrayList<>();
            em.createQuery("select t.tenantId, t.id from TicketEntity t where t.status in :open and t.dueAt < :now and t.remindedAt is null",
                Object[].class).setParameter("open", OPEN).setParameter("now", now).setMaxResults(1000).getResultList()
                .forEach(r -> out.add(new Object[] {r[0], r[1], "OVERDUE"}));
            em.createQuery("select t.tenantId, t.id from TicketEntity t where t.revisitStatus = 'PENDING' and t.revisitDueAt < :now"
                + " and t.revisitRemindedAt is null", Object[].class).setParameter("now", now).setMaxResults(1000).getResultList()
                .forEach(r -> out.add(new Object[] {r[0], r[1], "REVISIT"}));
            return out;
        }));
        int n = 0;
        for (Object[] r : due) {
            String tenant = (String) r[0];
            try {
                Ticket t = TenantContext.call(SYSTEM.withTenant(tenant), () -> remindOne((String) r[1], "OVERDUE".equals(r[2]), now));
                if (t != null) {
                    n++;
                    TenantContext.run(SYSTEM.withTenant(tenant), () -> publish("OVERDUE".equals(r[2]) ? "OVERDUE" : "REVISIT_DUE", t, Map.of()));
                }
            } catch (RuntimeException e) {
                LOG.warn("reminder of ticket {} (tenant {}) failed: {}", r[1], tenant, e.toString());
            }
        }
        return n;
    }

    /** Marks one ticket reminded and tells its people: the assignee and the escalation list (default: the supervisors). */
    Ticket remindOne(String id, boolean overdue, Instant now) {
        List<String> supervisors = supervisors();
        return jpa.tenant(em -> {
            TicketEntity e = em.find(TicketEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || (overdue ? e.remindedAt != null || !OPEN.contains(e.status) : e.revisitRemindedAt != null)) {
                return null;
            }
            Category c = category(categoryEntity(em, e.category, "category"));
            Set<String> who = new LinkedHashSet<>();
            String text;
            if (overdue) {
                e.remindedAt = now;
                if (e.assigneeUserId != null) {
                    who.add(e.assigneeUserId);
                }
                who.addAll(c.escalateTo().isEmpty() ? supervisors : c.escalateTo());
                String late = Duration.between(e.dueAt, now).toMinutes() + " min";
                text = "催办：工单 " + e.number + " 已超时 " + late + " / Overdue: ticket " + e.number + " is " + late + " past due: " + e.title;
                change(em, e.id, now, "system", "OVERDUE", null, null, "due " + e.dueAt + ", reminded " + who);
            } else {
                e.revisitRemindedAt = now;
                who.add(e.assigneeUserId != null ? e.assigneeUserId : creatorId(e.createdBy));
                who.remove(null);
                if (who.isEmpty()) {
                    who.addAll(supervisors);
                }
                text = "回访：工单 " + e.number + " 待回访 / Revisit due: ticket " + e.number + ": " + e.title;
                change(em, e.id, now, "system", "REVISIT_DUE", null, null, "reminded " + who);
            }
            for (String u : who) {
                notify(em, u, overdue ? "TICKET_OVERDUE" : "REVISIT_DUE", e, text, now);
            }
            return ticket(e, now);
        });
    }

    String creatorId(String login) {
        if (login == null) {
            return null;
        }
        return users.list(0, 1000).items().stream().filter(u -> login.equals(u.login())).map(User::id).findFirst().orElse(null);
    }

    List<String> supervisors() {
        return users.list(0, 1000).items().stream().filter(u -> u.enabled() && u.roles().contains(Roles.SUPERVISOR)).map(User::id).toList();
    }



    public List<Notification> notifications(String userId, boolean unreadOnly) {
        Permissions.require("tickets", "read");
        if (!Permissions.isSelf(userId)) {
            Permissions.require("tickets", "assign"); // another user's notifications: who dispatches work
        }
        return jpa.tenant(em -> em.createQuery("select n from NotificationEntity n where n.userId = :u" + (unreadOnly ? " and n.readAt is null" : "")
            + " order by n.at desc, n.id", NotificationEntity.class).setParameter("u", userId).setMaxResults(200).getResultList().stream()
            .map(TicketPart::notification).toList());
    }

    public void markRead(String userId, String notificationId) {
        Permissions.require("tickets", "read");
        if (!Permissions.isSelf(userId)) {
            Permissions.require("tickets", "assign"); // another user's notifications: who dispatches work
        }
        Instant now = now();
        jpa.tenant(em -> {
            NotificationEntity n = Jpa.get(em, NotificationEntity.class, notificationId, "notification");
            if (!n.userId.equals(userId)) {
                throw new NotFoundException("not_found", "notification '" + notificationId + "' not found");
            }
            if (n.readAt == null) {
                n.readAt = now;
            }
            return null;
        });
    }
}
