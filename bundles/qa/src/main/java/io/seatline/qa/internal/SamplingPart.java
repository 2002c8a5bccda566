package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.qa.internal.calc.Sampler;
import io.seatline.qa.internal.calc.Scoring;
import io.seatline.qa.internal.entity.AssignmentEntity;
import io.seatline.qa.internal.entity.EvaluationEntity;
import io.seatline.qa.internal.entity.RuleEntity;
import io.seatline.telephony.Cdr;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Sampling rules and assignment of calls to evaluators. One part of {@link QaServiceImpl}. */
final class SamplingPart extends QaPart {
    SamplingPart(QaServiceImpl owner) {
        super(owner);
    }

    public SamplingRule saveRule(SamplingRule rule) {
        need("manage");
        if (rule == null) {
            throw new ValidationException("body_required", "a sampling rule is required", null);
        }
        String name = text(rule.name(), 120, "name", true);
        String kind = rule.kind() == null ? "" : rule.kind().trim().toUpperCase(Locale.ROOT);
        if (!RULE_KINDS.contains(kind)) {
            throw new ValidationException("invalid_kind", "kind is one of " + new java.util.TreeSet<>(RULE_KINDS), "kind");
        }
        Integer count = rule.count();
        switch (kind) {
            case "PER_AGENT", "NEW_AGENT" -> {
                if (count == null || count < 1 || count > 100) {
                    throw new ValidationException("invalid_count", "count is 1-100 calls per agent per week", "count");
                }
                if (kind.equals("NEW_AGENT") && (rule.newAgentWeeks() == null || rule.newAgentWeeks() < 1 || rule.newAgentWeeks() > 52)) {
                    throw new ValidationException("invalid_weeks", "newAgentWeeks is 1-52", "newAgentWeeks");
                }
            }
            case "PERCENT" -> {
                if (rule.percent() == null || rule.percent().signum() <= 0 || rule.percent().compareTo(Scoring.HUNDRED) > 0) {
                    throw new ValidationException("invalid_percent", "percent is above 0 and at most 100", "percent");
                }
            }
            case "LOW_CSAT" -> {
                if (rule.csatAtMost() == null || rule.csatAtMost() < 1 || rule.csatAtMost() > 4) {
                    throw new ValidationException("invalid_csat", "csatAtMost is 1-4 (survey scores are 1-5)", "csatAtMost");
                }
            }
            case "LONG_CALL" -> {
                if (rule.minTalkSeconds() == null || rule.minTalkSeconds() < 1) {
                    throw new ValidationException("invalid_talk", "minTalkSeconds is at least 1", "minTalkSeconds");
                }
            }
            default -> {
            }
        }
        if (count != null && (count < 1 || count > 10_000)) {
            throw new ValidationException("invalid_count", "count is 1-10000", "count");
        }
        return tx(em -> {
            RuleEntity r = rule.id() == null ? null : Jpa.get(em, RuleEntity.class, rule.id(), "sampling rule");
            Jpa.named(em, RuleEntity.class, name).filter(o -> r == null || !o.id.equals(r.id)).ifPresent(o -> {
                throw new ConflictException("duplicate_name", "a sampling rule named '" + name + "' exists", "name");
            });
            RuleEntity row = r;
            if (row == null) {
                row = new RuleEntity();
                row.id = UUID.randomUUID().toString();
                row.createdAt = Instant.now();
                row.position = em.createQuery("select count(r) from RuleEntity r", Long.class).getSingleResult().intValue();
            }
            row.name = name;
            row.kind = kind;
            row.count = count;
            row.percent = kind.equals("PERCENT") ? rule.percent() : null;
            row.queue = text(rule.queue(), 64, "queue", false);
            row.csatAtMost = kind.equals("LOW_CSAT") ? rule.csatAtMost() : null;
            row.minTalkSeconds = kind.equals("LONG_CALL") ? rule.minTalkSeconds() : null;
            row.newAgentWeeks = kind.equals("NEW_AGENT") ? rule.newAgentWeeks() : null;
            row.enabled = !Boolean.FALSE.equals(rule.enabled());
            if (r == null) {
                em.persist(row);
            }
            audited("qa.rule.save", row.id, name + " " + kind);
            return toApi(row);
        });
    }


    public List<SamplingRule> rules() {
        if (!can("manage")) {
            need("read");
        }
        return tx(em -> em.createQuery("select r from RuleEntity r order by r.position, r.createdAt", RuleEntity.class).getResultStream()
            .map(QaPart::toApi).toList());
    }

    public void deleteRule(String id) {
        need("manage");
        tx(em -> {
            RuleEntity r = Jpa.get(em, RuleEntity.class, id, "sampling rule");
            em.remove(r);
            audited("qa.rule.delete", id, r.name);
            return null;
        });
    }


    public SamplingReport sample(LocalDate monday) {
        need("manage");
        if (monday == null || monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new ValidationException("not_a_monday", "a sampling week starts on a Monday (yyyy-MM-dd)", "week");
        }
        ZoneId zone = zone();
        Instant from = monday.atStartOfDay(zone).toInstant();
        Instant to = monday.plusDays(7).atStartOfDay(zone).toInstant();
        List<Sampler.Call> calls = new ArrayList<>();
        List<Cdr> week = Page.all((off, limit) -> cdrs.list(from, to, null, null, "ANSWERED", off, limit));
        long answered = week.size();
        for (Cdr c : week) {
            if (c.agentUserId() != null) {
                calls.add(new Sampler.Call(c.id(), c.agentUserId(), c.queue(), c.answeredAt() != null ? c.answeredAt() : c.offeredAt(), c.talkMs(),
                    c.transfers(), c.csatScore()));
            }
        }
        List<SamplingRule> rules = rules();
        List<String> warnings = new ArrayList<>();
        Map<String, Instant> since = new HashMap<>();
        for (String agent : calls.stream().map(Sampler.Call::agent).distinct().toList()) {
            try {
                since.put(agent, users.get(agent).createdAt());
            } catch (NotFoundException e) {
                warnings.add("agent " + agent + " of some calls no longer exists");
            }
        }
        List<String> evaluators = evaluators();
        if (rules.isEmpty()) {
            warnings.add("no sampling rules: define some first");
        }
        if (evaluators.isEmpty()) {
            warnings.add("no evaluators: give users the qa role or add them to the virtual QA team");
        }
        long answeredCalls = answered;
        return tx(em -> {
            Set<String> queued = new HashSet<>();
            Set<String> pairs = new HashSet<>();
            for (Object[] r : em.createQuery("select a.callId, a.evaluatorUserId from AssignmentEntity a where a.week = :w", Object[].class)
                .setParameter("w", monday).getResultList()) {
                queued.add((String) r[0]);
                pairs.add(r[0] + "|" + r[1]);
            }
            // calls already evaluated count as queued: sampling does not bring them back, nor to the evaluator who scored them
            List<String> candidates = calls.stream().map(Sampler.Call::id).toList();
            for (int i = 0; i < candidates.size(); i += 500) {
                for (Object[] r : em.createQuery("select e.callId, e.evaluatorUserId from EvaluationEntity e where e.kind = 'REGULAR' "
                    + "and e.callId in :ids", Object[].class).setParameter("ids", candidates.subList(i, Math.min(candidates.size(), i + 500)))
                    .getResultList()) {
                    queued.add((String) r[0]);
                    pairs.add(r[0] + "|" + r[1]);
                }
            }
            Map<String, Integer> open = new HashMap<>();
            for (Object[] r : em.createQuery("select a.evaluatorUserId, count(a) from AssignmentEntity a where a.status = 'OPEN' "
                + "group by a.evaluatorUserId", Object[].class).getResultList()) {
                open.put((String) r[0], ((Number) r[1]).intValue());
            }
            List<Sampler.Pick> picks = Sampler.pick(calls, rules, since, to, monday.toEpochDay(), queued);
            List<Sampler.Assigned> assigned = evaluators.isEmpty() ? List.of() : Sampler.assign(picks, evaluators, open, pairs);
            if (assigned.size() < picks.size()) {
                warnings.add((picks.size() - assigned.size()) + " picked calls have no evaluator who may take them (their agents are the only "
                    + "evaluators)");
            }
            Map<String, Integer> byRule = new TreeMap<>();
            Map<String, Integer> byEvaluator = new TreeMap<>();
            Instant now = Instant.now();
            for (Sampler.Assigned a : assigned) {
                AssignmentEntity row = new AssignmentEntity();
                row.id = UUID.randomUUID().toString();
                row.callId = a.pick().call().id();
                row.agentUserId = a.pick().call().agent();
                row.evaluatorUserId = a.evaluator();
                row.rule = a.pick().rule();
                row.status = "OPEN";
                row.week = monday;
                row.assignedAt = now;
                em.persist(row);
                byRule.merge(row.rule, 1, Integer::sum);
                byEvaluator.merge(row.evaluatorUserId, 1, Integer::sum);
            }
            audited("qa.sample", monday.toString(), assigned.size() + " calls assigned");
            return new SamplingReport(monday, answeredCalls, assigned.size(), byRule, byEvaluator, warnings);
        });
    }

    public Page<Assignment> assignments(String evaluatorUserId, String status, int offset, int limit) {
        return tx(em -> {
            String who = evaluatorUserId;
            if (!can("read") && !can("manage")) {
                needEvaluator(em);
                who = me();
            }
            Jpa.Where w = new Jpa.Where("a").eq("evaluatorUserId", who).eq("status", status == null || status.isBlank() ? null
                : status.trim().toUpperCase(Locale.ROOT));
            List<Assignment> items = w.bind(em.createQuery("select a from AssignmentEntity a" + w.where() + " order by a.assignedAt, a.id",
                AssignmentEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(a -> new Assignment(a.id, a.callId, a.agentUserId, a.evaluatorUserId, a.rule, a.status, a.evaluationId, a.week, a.assignedAt))
                .toList();
            return new Page<>(items, w.bind(em.createQuery("select count(a) from AssignmentEntity a" + w.where(), Long.class)).getSingleResult(),
                offset, limit);
        });
    }
}
