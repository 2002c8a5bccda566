package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.qa.QaEvents;
import io.seatline.qa.internal.entity.CoachingEntity;
import io.seatline.qa.internal.entity.EvaluationEntity;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Coaching tasks, their due notices and outcomes. One part of {@link QaServiceImpl}. */
final class CoachingPart extends QaPart {
    CoachingPart(QaServiceImpl owner) {
        super(owner);
    }

    public Coaching coach(CoachingSpec spec) {
        if (!can("coach")) {
            need("manage");
        }
        if (spec == null) {
            throw new ValidationException("body_required", "a coaching task is required", null);
        }
        User agent = user(Objects.requireNonNullElse(spec.agentUserId(), ""), "agentUserId");
        String assignee = spec.assigneeUserId();
        if (assignee == null) {
            Team team = agent.teamId() == null ? null : teams.get(agent.teamId());
            assignee = team == null ? null : team.supervisorUserId();
            if (assignee == null) {
                throw new ValidationException("no_team_lead", "agent " + agent.username() + " has no team lead: name the coach (assigneeUserId)",
                    "assigneeUserId");
            }
        } else {
            user(assignee, "assigneeUserId");
        }
        ZoneId zone = zone();
        LocalDate today = LocalDate.now(zone);
        LocalDate due = spec.due() == null ? today.plusDays(7) : spec.due();
        if (due.isBefore(today)) {
            throw new ValidationException("due_in_past", "the due date is today or later", "due");
        }
        String coach = assignee;
        return tx(em -> {
            String topic = text(spec.topic(), 500, "topic", false);
            String item = spec.item();
            if (item != null && spec.evaluationId() == null) {
                throw new ValidationException("evaluation_required", "an item is coached from an evaluation: give evaluationId", "evaluationId");
            }
            if (spec.evaluationId() != null) {
                EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, spec.evaluationId(), "evaluation");
                if (!agent.id().equals(e.agentUserId)) {
                    throw new ValidationException("other_agent", "evaluation " + e.id + " is of another agent", "evaluationId");
                }
                if (item != null) {
                    String text = JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { }).stream()
                        .filter(r -> r.item().equals(item)).map(ItemResult::text).findFirst()
                        .orElseThrow(() -> new ValidationException("unknown_item", "evaluation " + e.id + " has no item '" + item + "'", "item"));
                    topic = topic == null ? text : topic;
                }
            }
            if (topic == null) {
                throw new ValidationException("required", "topic is required (or an evaluation and one of its items)", "topic");
            }
            CoachingEntity c = new CoachingEntity();
            c.id = UUID.randomUUID().toString();
            c.agentUserId = agent.id();
            c.assigneeUserId = coach;
            c.evaluationId = spec.evaluationId();
            c.item = item;
            c.topic = topic;
            c.due = due;
            c.status = "OPEN";
            c.createdAt = Instant.now();
            c.createdBy = me();
            em.persist(c);
            audited("qa.coaching.create", c.id, agent.username() + ": " + topic);
            return toApi(c, today);
        });
    }


    public Coaching completeCoaching(String id, String outcome) {
        String result = text(outcome, 2000, "outcome", true);
        LocalDate today = LocalDate.now(zone());
        return tx(em -> {
            CoachingEntity c = Jpa.get(em, CoachingEntity.class, id, "coaching task");
            if (!me().equals(c.assigneeUserId) && !can("manage")) {
                throw new ForbiddenException("not_your_task", "only the coach it is assigned to (or a QA lead) completes a coaching task");
            }
            if ("DONE".equals(c.status)) {
                throw new ConflictException("already_done", "coaching task " + id + " is done", "status");
            }
            c.status = "DONE";
            c.outcome = result;
            c.doneAt = Instant.now();
            audited("qa.coaching.done", c.id, result);
            return toApi(c, today);
        });
    }

    public Page<Coaching> coaching(String status, String assigneeUserId, String agentUserId, int offset, int limit) {
        LocalDate today = LocalDate.now(zone());
        return tx(em -> {
            Jpa.Where w = new Jpa.Where("c").eq("status", status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT))
                .eq("assigneeUserId", assigneeUserId).eq("agentUserId", agentUserId);
            if (!can("read") && !can("coach")) {
                w.and("(c.agentUserId = :me or c.assigneeUserId = :me)");
            }
            String where = w.where();
            javax.persistence.TypedQuery<CoachingEntity> q = w.bind(em.createQuery("select c from CoachingEntity c" + where
                + " order by c.due, c.createdAt", CoachingEntity.class));
            javax.persistence.TypedQuery<Long> n = w.bind(em.createQuery("select count(c) from CoachingEntity c" + where, Long.class));
            if (where.contains(":me")) {
                q.setParameter("me", me());
                n.setParameter("me", me());
            }
            return new Page<>(q.setFirstResult(offset).setMaxResults(limit).getResultStream().map(c -> toApi(c, today)).toList(), n.getSingleResult(),
                offset, limit);
        });
    }

    public int coachingDue() {
        TenantContext.requireOperator();
        // across tenants: candidates a day early (zones), each checked in its tenant's zone
        List<CoachingEntity> due = jpa.operator(em -> em.createQuery("select c from CoachingEntity c where c.status = 'OPEN' "
            + "and c.dueNotifiedAt is null and c.due <= :d", CoachingEntity.class).setParameter("d", LocalDate.now(ZoneId.of("UTC")).plusDays(1))
            .getResultList());
        int told = 0;
        Map<String, LocalDate> todays = new HashMap<>();
        for (CoachingEntity c : due) {
            String tenant = c.getTenantId();
            LocalDate today = todays.computeIfAbsent(tenant, t -> TenantContext.call(CallContext.operator("qa").withTenant(t),
                () -> LocalDate.now(zone())));
            if (c.due.isAfter(today)) {
                continue;
            }
            TenantContext.run(CallContext.operator("qa").withTenant(tenant), () -> {
                tx(em -> {
                    CoachingEntity row = em.find(CoachingEntity.class, c.id);
                    row.dueNotifiedAt = Instant.now();
                    return null;
                });
                publish(QaEvents.COACHING_DUE, Map.of("coaching.id", c.id, "agent.user.id", c.agentUserId, "assignee.user.id", c.assigneeUserId,
                    "due", c.due.toString(), "coaching.topic", c.topic));
            });
            told++;
        }
        return told;
    }
}
