package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Roles;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.Validation;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.qa.internal.calc.Scoring;
import io.seatline.qa.internal.calc.Stats;
import io.seatline.qa.internal.entity.CalibrationEntity;
import io.seatline.qa.internal.entity.CoachingEntity;
import io.seatline.qa.internal.entity.EvaluationEntity;
import io.seatline.qa.internal.entity.RevisionEntity;
import io.seatline.qa.internal.entity.RuleEntity;
import io.seatline.qa.internal.entity.ScorecardEntity;
import io.seatline.qa.internal.entity.ScorecardVersionEntity;
import io.seatline.qa.internal.entity.TeamMemberEntity;
import io.seatline.security.AuditService;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.persistence.EntityManager;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every part of QA shares: services, access rules and helpers of the component ({@link QaServiceImpl}). */
abstract class QaPart {
    static final Logger LOG = LoggerFactory.getLogger(QaServiceImpl.class);
    static final Set<String> SCORED = Set.of("SUBMITTED", "ACKNOWLEDGED", "DISPUTED", "UPHELD", "AMENDED");
    static final Set<String> RULE_KINDS = Set.of("PER_AGENT", "PERCENT", "LOW_CSAT", "LONG_CALL", "TRANSFERRED", "NEW_AGENT");

    final QaServiceImpl owner;
    final Jpa jpa;
    final CdrService cdrs;
    final UserService users;
    final TeamService teams;
    final io.seatline.tenancy.TenantDirectory directory;
    final AuditService audit;
    final EventAdmin eventAdmin;

    QaPart(QaServiceImpl owner) {
        this.owner = owner;
        this.jpa = owner.jpa;
        this.cdrs = owner.cdrs;
        this.users = owner.users;
        this.teams = owner.teams;
        this.directory = owner.directory;
        this.audit = owner.audit;
        this.eventAdmin = owner.eventAdmin;
    }

    static CallContext ctx() {
        TenantContext.requireTenant();
        return TenantContext.current();
    }

    static boolean can(String action) {
        CallContext c = ctx();
        return c.operator() || c.permission().test(Roles.perm(c.tenantId(), "qa", action));
    }

    static void need(String action) {
        if (!can(action)) {
            throw new ForbiddenException("forbidden", ctx().principal() + " may not " + action + " in QA (permission qa:" + action + ")");
        }
    }

    /** The acting user: its id, or the principal for the operator (console). */
    static String me() {
        CallContext c = ctx();
        return c.userId() != null ? c.userId() : c.principal();
    }

    boolean evaluator(EntityManager em) {
        return can("evaluate") || member(em, me());
    }

    static boolean member(EntityManager em, String userId) {
        return !em.createQuery("select m.id from TeamMemberEntity m where m.userId = :u", String.class).setParameter("u", userId).setMaxResults(1)
            .getResultList().isEmpty();
    }

    void needEvaluator(EntityManager em) {
        if (!evaluator(em)) {
            throw new ForbiddenException("not_an_evaluator", me() + " is neither a QA evaluator nor in the tenant's virtual QA team");
        }
    }

    <T> T tx(Function<EntityManager, T> work) {
        return jpa.tenant(work);
    }

    void audited(String action, String target, String detail) {
        audit.record(action, target, detail);
    }

    void publish(String topic, Map<String, Object> extra) {
        eventAdmin.postEvent(new Event(topic, SeatlineEvents.properties(topic, TenantContext.requireTenant(), ctx().principal(), Instant.now(),
            extra)));
    }

    ZoneId zone() {
        String t = TenantContext.requireTenant();
        try {
            String tz = directory.tenant(t).timezone();
            return ZoneId.of(tz == null ? "UTC" : tz);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    User user(String id, String field) {
        try {
            return id == null ? null : users.get(id);
        } catch (NotFoundException e) {
            throw new ValidationException("unknown_user", "no user '" + id + "' in this tenant", field);
        }
    }

    Cdr cdr(String callId) {
        if (callId == null || callId.isBlank()) {
            throw new ValidationException("call_required", "callId is required", "callId");
        }
        try {
            // the evaluator's QA permission is checked by the caller of this; the CDR is read as the QA service (a team
            // lead who evaluates may hold only the agent role, which reads no CDRs of its own)
            return Permissions.asService("qa", () -> cdrs.get(callId));
        } catch (NotFoundException e) {
            throw new NotFoundException("call_not_found", "call '" + callId + "' not found", "callId");
        }
    }

    /** A trimmed text of at most {@code max} characters; an optional blank one is null. */
    static String text(String s, int max, String field, boolean required) {
        if (required) {
            return Validation.required(s, field, max);
        }
        return s == null || s.isBlank() ? null : Validation.maxLength(s.strip(), field, max);
    }

    /** Users with the qa role and the virtual QA team, enabled. */
    List<String> evaluators() {
        Set<String> out = new java.util.TreeSet<>();
        Page.all(users::list).stream().filter(u -> u.enabled() && u.roles().contains(Roles.QA)).forEach(u -> out.add(u.id()));
        out.addAll(tx(em -> em.createQuery("select m.userId from TeamMemberEntity m", String.class).getResultList()));
        return new ArrayList<>(out);
    }

    static EvaluationEntity newEvaluation(Cdr c, ScorecardEntity s, ScorecardVersionEntity v, String kind, String calibrationId) {
        EvaluationEntity e = new EvaluationEntity();
        e.id = UUID.randomUUID().toString();
        e.callId = c.id();
        e.kind = kind;
        e.calibrationId = calibrationId;
        e.scorecardId = s.id;
        e.versionNo = v.versionNo;
        e.versionId = v.id;
        e.agentUserId = c.agentUserId();
        e.evaluatorUserId = me();
        e.dedupeKey = c.id() + "|" + me() + "|" + (calibrationId == null ? "-" : calibrationId);
        e.csat = c.csatScore();
        e.queue = c.queue();
        e.callAt = c.answeredAt() != null ? c.answeredAt() : c.offeredAt();
        e.createdAt = Instant.now();
        e.updatedAt = e.createdAt;
        e.status = "DRAFT";
        return e;
    }

    static long markerLimit(Cdr c) {
        return c.talkMs() + c.holdMs() + c.waitMs();
    }

    static ScorecardVersionEntity versionOf(EntityManager em, ScorecardEntity s, Integer version) {
        int no = version == null ? s.latestVersion : version;
        return em.createQuery("select v from ScorecardVersionEntity v where v.scorecardId = :s and v.versionNo = :n", ScorecardVersionEntity.class)
            .setParameter("s", s.id).setParameter("n", no).getResultStream().findFirst()
            .orElseThrow(() -> new NotFoundException("not_found", "scorecard '" + s.name + "' has no version " + no, "version"));
    }

    static ScorecardSpec definition(ScorecardVersionEntity v) {
        return JsonColumns.read(v.definitionJson, new TypeReference<ScorecardSpec>() { });
    }

    static Coaching toApi(CoachingEntity c, LocalDate today) {
        return new Coaching(c.id, c.agentUserId, c.assigneeUserId, c.evaluationId, c.item, c.topic, c.due, c.status, c.outcome,
            "OPEN".equals(c.status) && c.due.isBefore(today), c.createdAt, c.createdBy, c.doneAt);
    }

    Calibration toApi(EntityManager em, CalibrationEntity k, boolean results) {
        Map<String, EvaluationEntity> scored = scores(em, k);
        List<String> participants = List.of(k.participants.split(","));
        if (!results || scored.isEmpty()) {
            return new Calibration(k.id, k.title, k.callId, k.scorecardId, k.versionNo, k.leadUserId, participants, new ArrayList<>(scored.keySet()),
                k.status, null, null, List.of(), List.of(), k.createdAt, k.closedAt);
        }
        Stats.Calibrated c = calibrated(em, k, scored);
        return new Calibration(k.id, k.title, k.callId, k.scorecardId, k.versionNo, k.leadUserId, participants, new ArrayList<>(scored.keySet()),
            k.status, c.basis(), c.referenceScore(), c.items(), c.deviations(), k.createdAt, k.closedAt);
    }

    static SamplingRule toApi(RuleEntity r) {
        return new SamplingRule(r.id, r.name, r.kind, r.count, r.percent, r.queue, r.csatAtMost, r.minTalkSeconds, r.newAgentWeeks, r.enabled);
    }

    Evaluation toApi(EntityManager em, EvaluationEntity e) {
        List<ItemResult> items = JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { });
        List<Revision> revisions = em.createQuery("select r from RevisionEntity r where r.evaluationId = :e order by r.revisionNo",
            RevisionEntity.class).setParameter("e", e.id).getResultStream().map(r -> new Revision(r.revisionNo, r.kind, r.score, r.passed,
            r.fatalError, JsonColumns.read(r.itemsJson, new TypeReference<List<ItemResult>>() { }), r.comment, r.byUser, r.at)).toList();
        return new Evaluation(e.id, e.getTenantId(), e.callId, e.kind, e.calibrationId, e.scorecardId, e.versionNo, e.agentUserId, e.evaluatorUserId,
            e.status, e.score, e.passed, e.fatalError, items, e.comment, e.csat, e.queue, e.callAt, e.disputeReason, e.reviewerUserId, e.reviewNote,
            revisions, e.createdAt, e.submittedAt, e.updatedAt);
    }

    /** Scores the answers into the evaluation; a submission also records a revision of {@code kind}. */
    void scoreInto(EntityManager em, EvaluationEntity e, ScorecardSpec card, List<Answer> answers, boolean complete, long maxMs,
                           String kind) {
        Scoring.Result r = Scoring.score(card, answers, complete, maxMs);
        e.answersJson = JsonColumns.write(answers == null ? List.of() : answers);
        e.itemsJson = JsonColumns.write(r.items());
        e.score = r.score();
        e.passed = r.score() == null ? null : r.passed();
        e.fatalError = r.fatalError();
        e.updatedAt = Instant.now();
        if (complete) {
            e.status = kind;
            if (e.submittedAt == null) {
                e.submittedAt = e.updatedAt;
            }
            RevisionEntity rev = new RevisionEntity();
            rev.id = UUID.randomUUID().toString();
            rev.evaluationId = e.id;
            rev.revisionNo = em.createQuery("select count(r) from RevisionEntity r where r.evaluationId = :e", Long.class).setParameter("e", e.id)
                .getSingleResult().intValue() + 1;
            rev.kind = kind;
            rev.score = r.score();
            rev.passed = r.passed();
            rev.fatalError = r.fatalError();
            rev.itemsJson = e.itemsJson;
            rev.comment = e.comment;
            rev.byUser = me();
            rev.at = e.updatedAt;
            em.persist(rev);
        }
    }

    Scorecard toApi(EntityManager em, ScorecardEntity s, ScorecardVersionEntity v) {
        ScorecardSpec d = definition(v);
        List<Integer> versions = em.createQuery("select v.versionNo from ScorecardVersionEntity v where v.scorecardId = :s order by v.versionNo",
            Integer.class).setParameter("s", s.id).getResultList();
        return new Scorecard(s.id, s.name, v.versionNo, d.description(), d.scoring(), d.fatalMode(), d.passMark(), d.sections(), used(em, v.id),
            versions, v.createdAt, v.createdBy);
    }

    static Map<String, EvaluationEntity> scores(EntityManager em, CalibrationEntity k) {
        Map<String, EvaluationEntity> out = new LinkedHashMap<>();
        em.createQuery("select e from EvaluationEntity e where e.calibrationId = :k order by e.submittedAt", EvaluationEntity.class)
            .setParameter("k", k.id).getResultList().forEach(e -> out.put(e.evaluatorUserId, e));
        return out;
    }

    Stats.Calibrated calibrated(EntityManager em, CalibrationEntity k, Map<String, EvaluationEntity> scored) {
        ScorecardSpec card = definition(versionOf(em, Jpa.get(em, ScorecardEntity.class, k.scorecardId, "scorecard"), k.versionNo));
        Map<String, String> items = new LinkedHashMap<>();
        card.sections().forEach(s -> s.items().stream().filter(i -> !i.observeOnly()).forEach(i -> items.put(i.key(), i.text())));
        Map<String, Map<String, BigDecimal>> by = new LinkedHashMap<>();
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        scored.forEach((ev, e) -> {
            Map<String, BigDecimal> pcts = new LinkedHashMap<>();
            for (ItemResult r : JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { })) {
                if (r.percent() != null && !r.observeOnly()) {
                    pcts.put(r.item(), r.percent());
                }
            }
            by.put(ev, pcts);
            totals.put(ev, e.score);
        });
        return Stats.calibrate(items, by, totals, k.leadUserId);
    }

    static long used(EntityManager em, String versionId) {
        return em.createQuery("select count(e) from EvaluationEntity e where e.versionId = :v", Long.class).setParameter("v", versionId)
            .getSingleResult();
    }
}
