// Longer than ~600 lines: QaServiceImpl holds scorecards, evaluations and disputes, sampling, calibration, analytics
// and coaching, by its section banners; the scoring and statistics already live in calc/. Splitting the sections into
// their own classes is the open part of issue 19.
package io.seatline.qa.internal;

import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Roles;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.SeatlineException;
import io.seatline.core.TenantContext;
import io.seatline.core.Validation;
import io.seatline.core.ValidationException;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.Interaction;
import io.seatline.crm.TicketService;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.qa.QaEvents;
import io.seatline.qa.QaService;
import io.seatline.qa.internal.calc.Sampler;
import io.seatline.qa.internal.calc.Scoring;
import io.seatline.qa.internal.calc.Stats;
import io.seatline.qa.internal.entity.AssignmentEntity;
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
import io.seatline.telephony.MediaService;
import io.seatline.telephony.Recording;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QA of the tenant in context. Permissions ({@code tenant:T:qa:<action>}): read (reports and every evaluation),
 * evaluate, calibrate, manage (scorecards, sampling rules, calibration sessions), review (disputes), coach; agents
 * need none to see, acknowledge and dispute their own submitted evaluations. Members of the tenant's virtual QA team
 * evaluate without the qa role.
 */
@Component(service = QaService.class, immediate = true)
public class QaServiceImpl implements QaService {
    private static final Logger LOG = LoggerFactory.getLogger(QaServiceImpl.class);
    /** Fewer CSAT pairs than this and a correlation says nothing. */
    static final int MIN_PAIRS = 30;
    private static final Set<String> SCORED = Set.of("SUBMITTED", "ACKNOWLEDGED", "DISPUTED", "UPHELD", "AMENDED");
    private static final Set<String> RULE_KINDS = Set.of("PER_AGENT", "PERCENT", "LOW_CSAT", "LONG_CALL", "TRANSFERRED", "NEW_AGENT");

    @Reference(target = "(osgi.unit.name=seatline-qa)")
    private EntityManagerFactory emf;
    @Reference
    private CdrService cdrs;
    @Reference
    private UserService users;
    @Reference
    private TeamService teams;
    @Reference
    private TenantService tenants;
    @Reference
    private AuditService audit;
    @Reference
    private EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MediaService media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CrmService crm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TicketService tickets;

    private Jpa jpa;
    private ScheduledExecutorService timer;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seatline-qa-coaching-due");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                TenantContext.call(CallContext.operator("qa"), this::coachingDue);
            } catch (RuntimeException e) {
                LOG.warn("Coaching due check failed: {}", e.toString());
            }
        }, 10, 10, TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    // =================================================================== access

    private static CallContext ctx() {
        TenantContext.requireTenant();
        return TenantContext.current();
    }

    private static boolean can(String action) {
        CallContext c = ctx();
        return c.operator() || c.permission().test(Roles.perm(c.tenantId(), "qa", action));
    }

    private static void need(String action) {
        if (!can(action)) {
            throw new ForbiddenException("forbidden", ctx().principal() + " may not " + action + " in QA (permission qa:" + action + ")");
        }
    }

    /** The acting user: its id, or the principal for the operator (console). */
    private static String me() {
        CallContext c = ctx();
        return c.userId() != null ? c.userId() : c.principal();
    }

    private boolean evaluator(EntityManager em) {
        return can("evaluate") || member(em, me());
    }

    private static boolean member(EntityManager em, String userId) {
        return !em.createQuery("select m.id from TeamMemberEntity m where m.userId = :u", String.class).setParameter("u", userId).setMaxResults(1)
            .getResultList().isEmpty();
    }

    private void needEvaluator(EntityManager em) {
        if (!evaluator(em)) {
            throw new ForbiddenException("not_an_evaluator", me() + " is neither a QA evaluator nor in the tenant's virtual QA team");
        }
    }

    private <T> T tx(Function<EntityManager, T> work) {
        return jpa.tenant(work);
    }

    private void audited(String action, String target, String detail) {
        audit.record(action, target, detail);
    }

    private void publish(String topic, Map<String, Object> extra) {
        eventAdmin.postEvent(new Event(topic, SeatlineEvents.properties(topic, TenantContext.requireTenant(), ctx().principal(), Instant.now(),
            extra)));
    }

    private ZoneId zone() {
        String t = TenantContext.requireTenant();
        try {
            String tz = TenantContext.call(CallContext.operator("qa"), () -> tenants.get(t).timezone());
            return ZoneId.of(tz == null ? "UTC" : tz);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private User user(String id, String field) {
        try {
            return id == null ? null : users.get(id);
        } catch (NotFoundException e) {
            throw new ValidationException("unknown_user", "no user '" + id + "' in this tenant", field);
        }
    }

    private Cdr cdr(String callId) {
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
    private static String text(String s, int max, String field, boolean required) {
        if (required) {
            return Validation.required(s, field, max);
        }
        return s == null || s.isBlank() ? null : Validation.maxLength(s.strip(), field, max);
    }


    // =================================================================== scorecards

    @Override
    public Scorecard createScorecard(ScorecardSpec spec) {
        need("manage");
        ScorecardSpec card = Scoring.check(spec);
        return tx(em -> {
            if (Jpa.named(em, ScorecardEntity.class, card.name()).isPresent()) {
                throw new ConflictException("duplicate_name", "a scorecard named '" + card.name() + "' exists: add a version to it", "name");
            }
            ScorecardEntity s = new ScorecardEntity();
            s.id = UUID.randomUUID().toString();
            s.name = card.name();
            s.latestVersion = 1;
            s.createdAt = Instant.now();
            s.createdBy = me();
            em.persist(s);
            ScorecardVersionEntity v = version(s, 1, card);
            em.persist(v);
            audited("qa.scorecard.create", s.id, s.name);
            return toApi(em, s, v);
        });
    }

    private static ScorecardVersionEntity version(ScorecardEntity s, int no, ScorecardSpec card) {
        ScorecardVersionEntity v = new ScorecardVersionEntity();
        v.id = UUID.randomUUID().toString();
        v.scorecardId = s.id;
        v.versionNo = no;
        v.definitionJson = JsonColumns.write(card);
        v.createdAt = Instant.now();
        v.createdBy = me();
        return v;
    }

    @Override
    public Scorecard newVersion(String scorecardId, ScorecardSpec spec) {
        need("manage");
        ScorecardSpec card = Scoring.check(spec);
        return tx(em -> {
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            rename(em, s, card.name());
            s.latestVersion++;
            ScorecardVersionEntity v = version(s, s.latestVersion, card);
            em.persist(v);
            audited("qa.scorecard.version", s.id, s.name + " v" + v.versionNo);
            return toApi(em, s, v);
        });
    }

    private static void rename(EntityManager em, ScorecardEntity s, String name) {
        if (!s.name.equals(name)) {
            if (Jpa.named(em, ScorecardEntity.class, name).isPresent()) {
                throw new ConflictException("duplicate_name", "a scorecard named '" + name + "' exists", "name");
            }
            s.name = name;
        }
    }

    @Override
    public Scorecard updateVersion(String scorecardId, int version, ScorecardSpec spec) {
        need("manage");
        ScorecardSpec card = Scoring.check(spec);
        return tx(em -> {
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            ScorecardVersionEntity v = versionOf(em, s, version);
            long used = used(em, v.id);
            if (used > 0) {
                throw new ConflictException("version_in_use", "version " + version + " of '" + s.name + "' is used by " + used
                    + " evaluations and cannot change: create a new version (POST .../versions)", "version");
            }
            rename(em, s, card.name());
            v.definitionJson = JsonColumns.write(card);
            audited("qa.scorecard.update", s.id, s.name + " v" + version);
            return toApi(em, s, v);
        });
    }

    private static ScorecardVersionEntity versionOf(EntityManager em, ScorecardEntity s, Integer version) {
        int no = version == null ? s.latestVersion : version;
        return em.createQuery("select v from ScorecardVersionEntity v where v.scorecardId = :s and v.versionNo = :n", ScorecardVersionEntity.class)
            .setParameter("s", s.id).setParameter("n", no).getResultStream().findFirst()
            .orElseThrow(() -> new NotFoundException("not_found", "scorecard '" + s.name + "' has no version " + no, "version"));
    }

    private static long used(EntityManager em, String versionId) {
        return em.createQuery("select count(e) from EvaluationEntity e where e.versionId = :v", Long.class).setParameter("v", versionId)
            .getSingleResult();
    }

    private static ScorecardSpec definition(ScorecardVersionEntity v) {
        return JsonColumns.read(v.definitionJson, new TypeReference<ScorecardSpec>() { });
    }

    private Scorecard toApi(EntityManager em, ScorecardEntity s, ScorecardVersionEntity v) {
        ScorecardSpec d = definition(v);
        List<Integer> versions = em.createQuery("select v.versionNo from ScorecardVersionEntity v where v.scorecardId = :s order by v.versionNo",
            Integer.class).setParameter("s", s.id).getResultList();
        return new Scorecard(s.id, s.name, v.versionNo, d.description(), d.scoring(), d.fatalMode(), d.passMark(), d.sections(), used(em, v.id),
            versions, v.createdAt, v.createdBy);
    }

    @Override
    public Scorecard scorecard(String scorecardId, Integer version) {
        return tx(em -> {
            if (!can("read") && !evaluator(em)) {
                need("read");
            }
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            return toApi(em, s, versionOf(em, s, version));
        });
    }

    @Override
    public List<Scorecard> scorecards() {
        return tx(em -> {
            if (!can("read") && !evaluator(em)) {
                need("read");
            }
            return em.createQuery("select s from ScorecardEntity s order by s.name", ScorecardEntity.class).getResultList().stream()
                .map(s -> toApi(em, s, versionOf(em, s, null))).toList();
        });
    }

    // =================================================================== virtual QA team

    @Override
    public List<String> qaTeam() {
        need("read");
        return tx(em -> em.createQuery("select m.userId from TeamMemberEntity m order by m.userId", String.class).getResultList());
    }

    @Override
    public List<String> setQaTeam(List<String> userIds) {
        need("manage");
        List<String> ids = userIds == null ? List.of() : userIds.stream().distinct().toList();
        for (int i = 0; i < ids.size(); i++) {
            user(ids.get(i), "userIds[" + i + "]");
        }
        return tx(em -> {
            // bulk statements are not filtered by tenant: say which
            Jpa.bulk(em, "delete from TeamMemberEntity m").executeUpdate();
            for (String id : ids) {
                TeamMemberEntity m = new TeamMemberEntity();
                m.id = UUID.randomUUID().toString();
                m.userId = id;
                m.addedAt = Instant.now();
                em.persist(m);
            }
            audited("qa.team", "qa-team", String.join(",", ids));
            return ids;
        });
    }

    // =================================================================== evaluations

    @Override
    public CallView call(String callId) {
        Cdr c = cdr(callId);
        List<Evaluation> evaluations = tx(em -> {
            if (!can("read") && !evaluator(em)) {
                need("read");
            }
            return em.createQuery("select e from EvaluationEntity e where e.callId = :c and e.kind = 'REGULAR' order by e.createdAt",
                EvaluationEntity.class).setParameter("c", callId).getResultStream().map(e -> toApi(em, e)).toList();
        });
        Recording recording = null;
        MediaService m = media;
        if (c.recordingId() != null && m != null) {
            try {
                recording = Permissions.asService("qa", () -> m.recording(c.recordingId()));
            } catch (SeatlineException e) {
                LOG.debug("recording {} of call {}: {}", c.recordingId(), callId, e.getMessage());
            }
        }
        List<Customer> customers = new ArrayList<>();
        List<Interaction> interactions = new ArrayList<>();
        List<TicketService.Ticket> written = new ArrayList<>();
        CrmService cr = crm;
        TicketService tk = tickets;
        String number = "INBOUND".equalsIgnoreCase(c.direction()) ? c.from() : c.to();
        if (cr != null && number != null) {
            // the evaluator may read this call (checked above), and with it what CRM holds about this call only: the
            // CRM reads run as the QA service inside the tenant, not with the evaluator's own (CRM-less) permissions
            try {
                Permissions.asService("qa", () -> {
                    customers.addAll(cr.search(null, number, null, null, null, 0, 5).items());
                    for (Customer cu : customers) {
                        cr.history(cu.id(), 0, 200).stream().filter(i -> callId.equals(i.refId())).forEach(interactions::add);
                        if (tk != null) {
                            tk.search(null, null, null, cu.id(), false, 0, 200).items().stream().filter(t -> callId.equals(t.callId())).forEach(written::add);
                        }
                    }
                    return null;
                });
            } catch (SeatlineException e) {
                LOG.debug("CRM data of call {}: {}", callId, e.getMessage());
            }
        }
        return new CallView(c, recording, customers, interactions, written, evaluations);
    }

    @Override
    public Evaluation evaluate(EvaluationSpec spec) {
        if (spec == null) {
            throw new ValidationException("body_required", "an evaluation is required", null);
        }
        Cdr c = cdr(spec.callId());
        if (c.agentUserId() == null) {
            throw new ValidationException("no_agent", "call " + c.id() + " reached no agent: there is nobody to evaluate", "callId");
        }
        return tx(em -> {
            needEvaluator(em);
            if (c.agentUserId().equals(me())) {
                throw new ForbiddenException("own_call", "an evaluator cannot evaluate its own call");
            }
            if (spec.scorecardId() == null) {
                throw new ValidationException("scorecard_required", "scorecardId is required", "scorecardId");
            }
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, spec.scorecardId(), "scorecard");
            ScorecardVersionEntity v = versionOf(em, s, spec.version());
            EvaluationEntity e = newEvaluation(c, s, v, "REGULAR", null);
            if (!em.createQuery("select e.id from EvaluationEntity e where e.dedupeKey = :k", String.class).setParameter("k", e.dedupeKey)
                .getResultList().isEmpty()) {
                throw new ConflictException("already_evaluated", "you have evaluated call " + c.id() + " already: change that evaluation", "callId");
            }
            e.comment = text(spec.comment(), 2000, "comment", false);
            boolean submit = Boolean.TRUE.equals(spec.submit());
            scoreInto(em, e, definition(v), spec.answers(), submit, markerLimit(c), "SUBMITTED");
            em.persist(e);
            if (submit) {
                submitted(em, e);
            }
            audited("qa.evaluation." + (submit ? "submit" : "draft"), e.id, "call=" + c.id() + " score=" + e.score);
            return toApi(em, e);
        });
    }

    private static long markerLimit(Cdr c) {
        return c.talkMs() + c.holdMs() + c.waitMs();
    }

    private static EvaluationEntity newEvaluation(Cdr c, ScorecardEntity s, ScorecardVersionEntity v, String kind, String calibrationId) {
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

    /** Scores the answers into the evaluation; a submission also records a revision of {@code kind}. */
    private void scoreInto(EntityManager em, EvaluationEntity e, ScorecardSpec card, List<Answer> answers, boolean complete, long maxMs,
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

    private void submitted(EntityManager em, EvaluationEntity e) {
        Jpa.bulk(em, "update AssignmentEntity a set a.status = 'DONE', a.evaluationId = :e where a.callId = :c "
            + "and a.evaluatorUserId = :u").setParameter("e", e.id).setParameter("c", e.callId).setParameter("u", e.evaluatorUserId).executeUpdate();
        if ("REGULAR".equals(e.kind)) {
            publish(QaEvents.SUBMITTED, Map.of("evaluation.id", e.id, "agent.user.id", e.agentUserId, "score", String.valueOf(e.score),
                "call.id", e.callId));
        }
    }

    @Override
    public Evaluation updateEvaluation(String id, EvaluationSpec spec) {
        if (spec == null) {
            throw new ValidationException("body_required", "an evaluation is required", null);
        }
        return tx(em -> {
            EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, id, "evaluation");
            if (!e.evaluatorUserId.equals(me())) {
                throw new ForbiddenException("not_your_evaluation", "only its evaluator changes a draft");
            }
            if (!"DRAFT".equals(e.status)) {
                throw new ConflictException("not_a_draft", "evaluation " + id + " is " + e.status + ": a submitted evaluation is changed only by a "
                    + "reviewer after a dispute", "status");
            }
            ScorecardVersionEntity v = em.find(ScorecardVersionEntity.class, e.versionId);
            if (spec.comment() != null) {
                e.comment = text(spec.comment(), 2000, "comment", false);
            }
            boolean submit = Boolean.TRUE.equals(spec.submit());
            List<Answer> answers = spec.answers() != null ? spec.answers()
                : JsonColumns.read(e.answersJson, new TypeReference<List<Answer>>() { }); // a comment or a submit alone keeps the answers
            scoreInto(em, e, definition(v), answers, submit, markerLimit(cdr(e.callId)), "SUBMITTED");
            if (submit) {
                submitted(em, e);
            }
            audited("qa.evaluation." + (submit ? "submit" : "draft"), e.id, "score=" + e.score);
            return toApi(em, e);
        });
    }

    /** Whether the caller may see {@code e}: readers, its evaluator, its agent once submitted (never calibration scores). */
    private boolean visible(EntityManager em, EvaluationEntity e) {
        String me = me();
        if (me.equals(e.evaluatorUserId)) {
            return true;
        }
        if ("CALIBRATION".equals(e.kind)) {
            return can("manage"); // a participant sees the others' scores through the session, once it has scored
        }
        if (can("read")) {
            return true;
        }
        return "REGULAR".equals(e.kind) && me.equals(e.agentUserId) && SCORED.contains(e.status);
    }

    @Override
    public Evaluation evaluation(String id) {
        return tx(em -> {
            EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, id, "evaluation");
            if (!visible(em, e)) {
                throw new NotFoundException("not_found", "evaluation '" + id + "' not found");
            }
            return toApi(em, e);
        });
    }

    @Override
    public Page<Evaluation> evaluations(String agentUserId, String evaluatorUserId, String status, LocalDate from, LocalDate to, int offset,
                                        int limit) {
        ZoneId zone = zone();
        return tx(em -> {
            Jpa.Where w = new Jpa.Where("e").eq("kind", "REGULAR").eq("status", status == null || status.isBlank() ? null
                : status.trim().toUpperCase(Locale.ROOT)).eq("agentUserId", agentUserId).eq("evaluatorUserId", evaluatorUserId)
                .atLeast("createdAt", from == null ? null : from.atStartOfDay(zone).toInstant())
                .before("createdAt", to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
            if (!can("read")) {
                if (evaluator(em)) {
                    w.eq("evaluatorUserId", me());
                } else {
                    w.eq("agentUserId", me()).and("e.status <> 'DRAFT'");
                }
            }
            List<Evaluation> items = w.bind(em.createQuery("select e from EvaluationEntity e" + w.where() + " order by e.createdAt desc, e.id",
                EvaluationEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultStream().map(e -> toApi(em, e)).toList();
            long total = w.bind(em.createQuery("select count(e) from EvaluationEntity e" + w.where(), Long.class)).getSingleResult();
            return new Page<>(items, total, offset, limit);
        });
    }

    private EvaluationEntity agentsOwn(EntityManager em, String id) {
        EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, id, "evaluation");
        if (!"REGULAR".equals(e.kind) || !me().equals(e.agentUserId)) {
            if (visible(em, e)) {
                throw new ForbiddenException("not_your_evaluation", "only the evaluated agent acknowledges or disputes an evaluation");
            }
            throw new NotFoundException("not_found", "evaluation '" + id + "' not found");
        }
        return e;
    }

    @Override
    public Evaluation acknowledge(String id) {
        return tx(em -> {
            EvaluationEntity e = agentsOwn(em, id);
            if (!"SUBMITTED".equals(e.status)) {
                throw new ConflictException("not_submitted", "evaluation " + id + " is " + e.status + ": only a submitted one is acknowledged", "status");
            }
            e.status = "ACKNOWLEDGED";
            e.updatedAt = Instant.now();
            audited("qa.evaluation.acknowledge", e.id, null);
            return toApi(em, e);
        });
    }

    @Override
    public Evaluation dispute(String id, String reason) {
        String why = text(reason, 2000, "reason", true);
        return tx(em -> {
            EvaluationEntity e = agentsOwn(em, id);
            if (!"SUBMITTED".equals(e.status)) {
                throw new ConflictException("not_disputable", "evaluation " + id + " is " + e.status + ": only a submitted, not yet acknowledged "
                    + "evaluation can be disputed", "status");
            }
            e.status = "DISPUTED";
            e.disputeReason = why;
            e.updatedAt = Instant.now();
            audited("qa.evaluation.dispute", e.id, why);
            publish(QaEvents.DISPUTED, Map.of("evaluation.id", e.id, "agent.user.id", e.agentUserId, "call.id", e.callId));
            return toApi(em, e);
        });
    }

    @Override
    public Evaluation review(String id, Review review) {
        need("review");
        if (review == null || review.decision() == null) {
            throw new ValidationException("decision_required", "decision is UPHOLD or AMEND", "decision");
        }
        String decision = review.decision().trim().toUpperCase(Locale.ROOT);
        if (!decision.equals("UPHOLD") && !decision.equals("AMEND")) {
            throw new ValidationException("invalid_decision", "decision is UPHOLD or AMEND", "decision");
        }
        String note = text(review.note(), 2000, "note", true);
        return tx(em -> {
            EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, id, "evaluation");
            if (!"DISPUTED".equals(e.status)) {
                throw new ConflictException("not_disputed", "evaluation " + id + " is " + e.status + ": only a disputed one is reviewed", "status");
            }
            if (me().equals(e.evaluatorUserId) || me().equals(e.agentUserId)) {
                throw new ForbiddenException("own_evaluation", "a dispute is reviewed by someone other than the evaluator and the agent");
            }
            e.reviewerUserId = me();
            e.reviewNote = note;
            if (decision.equals("UPHOLD")) {
                e.status = "UPHELD";
                e.updatedAt = Instant.now();
            } else {
                if (review.answers() == null || review.answers().isEmpty()) {
                    throw new ValidationException("answers_required", "an amendment gives the corrected answers", "answers");
                }
                scoreInto(em, e, definition(em.find(ScorecardVersionEntity.class, e.versionId)), review.answers(), true,
                    markerLimit(cdr(e.callId)), "AMENDED");
            }
            audited("qa.evaluation.review", e.id, decision + " score=" + e.score + ": " + note);
            publish(QaEvents.REVIEWED, Map.of("evaluation.id", e.id, "agent.user.id", e.agentUserId, "decision", decision,
                "score", String.valueOf(e.score)));
            return toApi(em, e);
        });
    }

    private Evaluation toApi(EntityManager em, EvaluationEntity e) {
        List<ItemResult> items = JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { });
        List<Revision> revisions = em.createQuery("select r from RevisionEntity r where r.evaluationId = :e order by r.revisionNo",
            RevisionEntity.class).setParameter("e", e.id).getResultStream().map(r -> new Revision(r.revisionNo, r.kind, r.score, r.passed,
            r.fatalError, JsonColumns.read(r.itemsJson, new TypeReference<List<ItemResult>>() { }), r.comment, r.byUser, r.at)).toList();
        return new Evaluation(e.id, e.getTenantId(), e.callId, e.kind, e.calibrationId, e.scorecardId, e.versionNo, e.agentUserId, e.evaluatorUserId,
            e.status, e.score, e.passed, e.fatalError, items, e.comment, e.csat, e.queue, e.callAt, e.disputeReason, e.reviewerUserId, e.reviewNote,
            revisions, e.createdAt, e.submittedAt, e.updatedAt);
    }

    // =================================================================== sampling

    @Override
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

    private static SamplingRule toApi(RuleEntity r) {
        return new SamplingRule(r.id, r.name, r.kind, r.count, r.percent, r.queue, r.csatAtMost, r.minTalkSeconds, r.newAgentWeeks, r.enabled);
    }

    @Override
    public List<SamplingRule> rules() {
        if (!can("manage")) {
            need("read");
        }
        return tx(em -> em.createQuery("select r from RuleEntity r order by r.position, r.createdAt", RuleEntity.class).getResultStream()
            .map(QaServiceImpl::toApi).toList());
    }

    @Override
    public void deleteRule(String id) {
        need("manage");
        tx(em -> {
            RuleEntity r = Jpa.get(em, RuleEntity.class, id, "sampling rule");
            em.remove(r);
            audited("qa.rule.delete", id, r.name);
            return null;
        });
    }

    /** Users with the qa role and the virtual QA team, enabled. */
    private List<String> evaluators() {
        Set<String> out = new java.util.TreeSet<>();
        for (int off = 0; ; off += 500) {
            Page<User> page = users.list(off, 500);
            page.items().stream().filter(u -> u.enabled() && u.roles().contains(Roles.QA)).forEach(u -> out.add(u.id()));
            if (page.items().size() < 500) {
                break;
            }
        }
        out.addAll(tx(em -> em.createQuery("select m.userId from TeamMemberEntity m", String.class).getResultList()));
        return new ArrayList<>(out);
    }

    @Override
    public SamplingReport sample(LocalDate monday) {
        need("manage");
        if (monday == null || monday.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new ValidationException("not_a_monday", "a sampling week starts on a Monday (yyyy-MM-dd)", "week");
        }
        ZoneId zone = zone();
        Instant from = monday.atStartOfDay(zone).toInstant();
        Instant to = monday.plusDays(7).atStartOfDay(zone).toInstant();
        List<Sampler.Call> calls = new ArrayList<>();
        long answered = 0;
        for (int off = 0; ; off += 500) {
            Page<Cdr> page = cdrs.list(from, to, null, null, "ANSWERED", off, 500);
            for (Cdr c : page.items()) {
                answered++;
                if (c.agentUserId() != null) {
                    calls.add(new Sampler.Call(c.id(), c.agentUserId(), c.queue(), c.answeredAt() != null ? c.answeredAt() : c.offeredAt(), c.talkMs(),
                        c.transfers(), c.csatScore()));
                }
            }
            if (page.items().size() < 500) {
                break;
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

    @Override
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

    // =================================================================== calibration

    @Override
    public Calibration createCalibration(CalibrationSpec spec) {
        need("manage");
        if (spec == null) {
            throw new ValidationException("body_required", "a calibration session is required", null);
        }
        String title = text(spec.title(), 200, "title", true);
        Cdr c = cdr(spec.callId());
        List<String> participants = spec.participants() == null ? List.of() : spec.participants().stream().distinct().toList();
        if (participants.size() < 2 || participants.size() > 20) {
            throw new ValidationException("participants_count", "a calibration has 2 to 20 evaluators", "participants");
        }
        List<String> evaluators = evaluators();
        for (int i = 0; i < participants.size(); i++) {
            String p = participants.get(i);
            String field = "participants[" + i + "]";
            if (p == null || user(p, field) == null) {
                throw new ValidationException("required", "a participant is a user id", field);
            }
            if (!evaluators.contains(p)) {
                throw new ValidationException("not_an_evaluator", "user " + p + " neither has the qa role nor is in the virtual QA team", field);
            }
            if (p.equals(c.agentUserId())) {
                throw new ValidationException("own_call", "user " + p + " is the call's agent", field);
            }
        }
        if (spec.leadUserId() != null && !participants.contains(spec.leadUserId())) {
            throw new ValidationException("lead_not_participant", "the calibration lead scores too: add it to the participants", "leadUserId");
        }
        return tx(em -> {
            if (spec.scorecardId() == null) {
                throw new ValidationException("scorecard_required", "scorecardId is required", "scorecardId");
            }
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, spec.scorecardId(), "scorecard");
            CalibrationEntity k = new CalibrationEntity();
            k.id = UUID.randomUUID().toString();
            k.title = title;
            k.callId = c.id();
            k.scorecardId = s.id;
            k.versionNo = s.latestVersion;
            k.leadUserId = spec.leadUserId();
            k.participants = String.join(",", participants);
            k.status = "OPEN";
            k.createdAt = Instant.now();
            k.createdBy = me();
            em.persist(k);
            audited("qa.calibration.create", k.id, title + " call=" + c.id());
            return toApi(em, k, true);
        });
    }

    @Override
    public Evaluation scoreCalibration(String calibrationId, List<Answer> answers, String comment) {
        return tx(em -> {
            CalibrationEntity k = Jpa.get(em, CalibrationEntity.class, calibrationId, "calibration session");
            if (!List.of(k.participants.split(",")).contains(me())) {
                throw new ForbiddenException("not_a_participant", me() + " is not a participant of this calibration session");
            }
            if (!"OPEN".equals(k.status)) {
                throw new ConflictException("calibration_closed", "the session is closed", "status");
            }
            Cdr c = cdr(k.callId);
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, k.scorecardId, "scorecard");
            ScorecardVersionEntity v = versionOf(em, s, k.versionNo);
            EvaluationEntity e = newEvaluation(c, s, v, "CALIBRATION", k.id);
            if (!em.createQuery("select e.id from EvaluationEntity e where e.dedupeKey = :k", String.class).setParameter("k", e.dedupeKey)
                .getResultList().isEmpty()) {
                throw new ConflictException("already_scored", "you have scored this session's call already", "calibrationId");
            }
            e.comment = text(comment, 2000, "comment", false);
            scoreInto(em, e, definition(v), answers, true, markerLimit(c), "SUBMITTED");
            em.persist(e);
            audited("qa.calibration.score", k.id, "score=" + e.score);
            return toApi(em, e);
        });
    }

    @Override
    public Calibration calibration(String id) {
        return tx(em -> {
            CalibrationEntity k = Jpa.get(em, CalibrationEntity.class, id, "calibration session");
            if (!can("manage") && !can("read") && !List.of(k.participants.split(",")).contains(me())) {
                throw new NotFoundException("not_found", "calibration session '" + id + "' not found");
            }
            return toApi(em, k, results(em, k));
        });
    }

    /** Independent scoring: a participant (the lead too) sees the others' scores once it has scored, or the session closed. */
    private static boolean results(EntityManager em, CalibrationEntity k) {
        return !List.of(k.participants.split(",")).contains(me()) || "CLOSED".equals(k.status) || scores(em, k).containsKey(me());
    }

    private static Map<String, EvaluationEntity> scores(EntityManager em, CalibrationEntity k) {
        Map<String, EvaluationEntity> out = new LinkedHashMap<>();
        em.createQuery("select e from EvaluationEntity e where e.calibrationId = :k order by e.submittedAt", EvaluationEntity.class)
            .setParameter("k", k.id).getResultList().forEach(e -> out.put(e.evaluatorUserId, e));
        return out;
    }

    private Stats.Calibrated calibrated(EntityManager em, CalibrationEntity k, Map<String, EvaluationEntity> scored) {
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

    private Calibration toApi(EntityManager em, CalibrationEntity k, boolean results) {
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

    @Override
    public List<Calibration> calibrations() {
        if (!can("manage")) {
            need("read");
        }
        return tx(em -> em.createQuery("select k from CalibrationEntity k order by k.createdAt desc", CalibrationEntity.class).getResultStream()
            .map(k -> toApi(em, k, results(em, k))).toList());
    }

    @Override
    public Calibration closeCalibration(String id) {
        need("manage");
        return tx(em -> {
            CalibrationEntity k = Jpa.get(em, CalibrationEntity.class, id, "calibration session");
            if (!"CLOSED".equals(k.status)) {
                k.status = "CLOSED";
                k.closedAt = Instant.now();
                audited("qa.calibration.close", k.id, k.title);
            }
            return toApi(em, k, true);
        });
    }

    @Override
    public Map<String, List<DriftPoint>> drift(LocalDate from, LocalDate to) {
        if (!can("manage")) {
            need("read");
        }
        ZoneId zone = zone();
        return tx(em -> {
            Map<String, List<DriftPoint>> out = new TreeMap<>();
            Jpa.Where w = new Jpa.Where("k").atLeast("createdAt", from == null ? null : from.atStartOfDay(zone).toInstant())
                .before("createdAt", to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
            for (CalibrationEntity k : w.bind(em.createQuery("select k from CalibrationEntity k" + w.where() + " order by k.createdAt",
                CalibrationEntity.class)).getResultList()) {
                Map<String, EvaluationEntity> scored = scores(em, k);
                if (scored.size() < 2) {
                    continue;
                }
                for (Deviation d : calibrated(em, k, scored).deviations()) {
                    out.computeIfAbsent(d.evaluatorUserId(), x -> new ArrayList<>()).add(new DriftPoint(k.id, k.createdAt, d.scoreDeviation(),
                        d.meanItemDeviation()));
                }
            }
            return out;
        });
    }

    // =================================================================== analytics

    /** Submitted regular evaluations of the period (by submission, in the tenant's zone), oldest first. */
    private List<EvaluationEntity> scored(EntityManager em, LocalDate from, LocalDate to, ZoneId zone, String scorecardId, Integer version) {
        Jpa.Where w = new Jpa.Where("e").eq("kind", "REGULAR").eq("scorecardId", scorecardId).eq("versionNo", version)
            .atLeast("submittedAt", from == null ? null : from.atStartOfDay(zone).toInstant())
            .before("submittedAt", to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant()).and("e.status <> 'DRAFT'");
        return w.bind(em.createQuery("select e from EvaluationEntity e" + w.where() + " order by e.submittedAt", EvaluationEntity.class))
            .getResultList();
    }

    /** agent → team id → team name; agents without a team are in "-". */
    private Function<String, String[]> grouping(String by) {
        String b = by == null ? "AGENT" : by.trim().toUpperCase(Locale.ROOT);
        if (!b.equals("AGENT") && !b.equals("TEAM")) {
            throw new ValidationException("invalid_by", "by is AGENT or TEAM", "by");
        }
        Map<String, String[]> cache = new HashMap<>();
        return agent -> cache.computeIfAbsent(agent, a -> {
            User u;
            try {
                u = users.get(a);
            } catch (NotFoundException e) {
                return new String[] {a, a};
            }
            if (b.equals("AGENT")) {
                return new String[] {a, u.displayName() == null ? u.username() : u.displayName()};
            }
            if (u.teamId() == null) {
                return new String[] {"-", "no team / 未分组"};
            }
            try {
                Team t = teams.get(u.teamId());
                return new String[] {t.id(), t.name()};
            } catch (NotFoundException e) {
                return new String[] {u.teamId(), u.teamId()};
            }
        });
    }

    @Override
    public List<Trend> trends(String by, String granularity, LocalDate from, LocalDate to) {
        need("read");
        String g = granularity == null ? "WEEK" : granularity.trim().toUpperCase(Locale.ROOT);
        if (!g.equals("WEEK") && !g.equals("MONTH")) {
            throw new ValidationException("invalid_granularity", "granularity is WEEK or MONTH", "granularity");
        }
        Function<String, String[]> group = grouping(by);
        ZoneId zone = zone();
        List<EvaluationEntity> rows = tx(em -> scored(em, from, to, zone, null, null));
        Map<String, String> labels = new TreeMap<>();
        Map<String, TreeMap<String, List<BigDecimal>>> byKey = new TreeMap<>();
        for (EvaluationEntity e : rows) {
            if (e.score == null || e.agentUserId == null) {
                continue;
            }
            String[] k = group.apply(e.agentUserId);
            labels.put(k[0], k[1]);
            LocalDate day = e.submittedAt.atZone(zone).toLocalDate();
            String period = g.equals("WEEK") ? day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
                : day.toString().substring(0, 7);
            byKey.computeIfAbsent(k[0], x -> new TreeMap<>()).computeIfAbsent(period, x -> new ArrayList<>()).add(e.score);
        }
        List<Trend> out = new ArrayList<>();
        byKey.forEach((key, periods) -> {
            List<TrendPoint> points = new ArrayList<>();
            BigDecimal prev = null;
            for (Map.Entry<String, List<BigDecimal>> p : periods.entrySet()) {
                BigDecimal avg = Stats.mean(p.getValue());
                points.add(new TrendPoint(p.getKey(), p.getValue().size(), avg, prev == null ? null : avg.subtract(prev)));
                prev = avg;
            }
            out.add(new Trend(key, labels.get(key), points));
        });
        return out;
    }

    @Override
    public List<WeakSpot> weakSpots(String by, LocalDate from, LocalDate to) {
        need("read");
        Function<String, String[]> group = grouping(by);
        ZoneId zone = zone();
        List<EvaluationEntity> rows = tx(em -> scored(em, from, to, zone, null, null));
        Map<String, List<BigDecimal>> tenantItem = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, Map<String, List<BigDecimal>>> byKeyItem = new TreeMap<>();
        Map<String, String> labels = new HashMap<>();
        for (EvaluationEntity e : rows) {
            if (e.agentUserId == null) {
                continue;
            }
            String[] k = group.apply(e.agentUserId);
            labels.put(k[0], k[1]);
            for (ItemResult r : JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { })) {
                if (r.percent() == null || r.observeOnly()) {
                    continue;
                }
                texts.put(r.item(), r.text());
                tenantItem.computeIfAbsent(r.item(), x -> new ArrayList<>()).add(r.percent());
                byKeyItem.computeIfAbsent(k[0], x -> new TreeMap<>()).computeIfAbsent(r.item(), x -> new ArrayList<>()).add(r.percent());
            }
        }
        List<WeakSpot> out = new ArrayList<>();
        byKeyItem.forEach((key, items) -> items.forEach((item, values) -> {
            BigDecimal avg = Stats.mean(values);
            BigDecimal all = Stats.mean(tenantItem.get(item));
            BigDecimal gap = avg.subtract(all);
            // at least 3 scores, and 10 points below the tenant (or under 60 % outright)
            if (values.size() >= 3 && (gap.compareTo(BigDecimal.valueOf(-10)) <= 0 || avg.compareTo(BigDecimal.valueOf(60)) < 0)) {
                out.add(new WeakSpot(key, labels.get(key), item, texts.get(item), values.size(), avg, all, gap));
            }
        }));
        out.sort(Comparator.comparing(WeakSpot::gap).thenComparing(WeakSpot::key));
        return out;
    }

    @Override
    public Distribution distribution(String scorecardId, LocalDate from, LocalDate to) {
        need("read");
        ZoneId zone = zone();
        return Stats.distribution(tx(em -> scored(em, from, to, zone, scorecardId, null)).stream().map(e -> e.score).filter(Objects::nonNull)
            .toList());
    }

    @Override
    public CsatCorrelation csatCorrelation(String scorecardId, Integer version, LocalDate from, LocalDate to) {
        need("read");
        ZoneId zone = zone();
        return tx(em -> {
            ScorecardEntity s = Jpa.get(em, ScorecardEntity.class, scorecardId, "scorecard");
            ScorecardVersionEntity v = versionOf(em, s, version);
            ScorecardSpec card = definition(v);
            List<EvaluationEntity> rows = scored(em, from, to, zone, s.id, v.versionNo).stream().filter(e -> e.csat != null).toList();
            Map<String, List<double[]>> pairs = new LinkedHashMap<>();
            Map<String, BigDecimal> weights = new LinkedHashMap<>();
            Map<String, String> texts = new LinkedHashMap<>();
            card.sections().forEach(sec -> sec.items().forEach(i -> {
                texts.put(i.key(), i.text());
                pairs.put(i.key(), new ArrayList<>());
                if (!i.observeOnly()) {
                    weights.put(i.key(), i.weight());
                }
            }));
            List<double[]> total = new ArrayList<>();
            for (EvaluationEntity e : rows) {
                if (e.score != null) {
                    total.add(new double[] {e.score.doubleValue(), e.csat});
                }
                for (ItemResult r : JsonColumns.read(e.itemsJson, new TypeReference<List<ItemResult>>() { })) {
                    if (r.percent() != null && pairs.containsKey(r.item())) {
                        pairs.get(r.item()).add(new double[] {r.percent().doubleValue(), e.csat});
                    }
                }
            }
            List<ItemCorrelation> items = Stats.correlate(texts, pairs, weights, MIN_PAIRS);
            double tr = Stats.pearson(total);
            long small = items.stream().filter(i -> !i.enough()).count();
            String note = rows.size() < MIN_PAIRS ? "only " + rows.size() + " evaluated calls have a CSAT score: at least " + MIN_PAIRS
                + " are needed before a correlation says anything (turn on the post-call survey on more queues, or sample LOW_CSAT calls)"
                : small > 0 ? small + " items have fewer than " + MIN_PAIRS + " scored calls with CSAT (N/A or unanswered): their weights are kept"
                : "items are ranked by how strongly their scores move with the callers' CSAT; the suggested weights move half way towards that";
            return new CsatCorrelation(s.id, v.versionNo, rows.size(), MIN_PAIRS, Double.isNaN(tr) ? null : BigDecimal.valueOf(tr).setScale(3,
                java.math.RoundingMode.HALF_UP), items, note);
        });
    }

    // =================================================================== coaching

    @Override
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

    private static Coaching toApi(CoachingEntity c, LocalDate today) {
        return new Coaching(c.id, c.agentUserId, c.assigneeUserId, c.evaluationId, c.item, c.topic, c.due, c.status, c.outcome,
            "OPEN".equals(c.status) && c.due.isBefore(today), c.createdAt, c.createdBy, c.doneAt);
    }

    @Override
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

    @Override
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

    @Override
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
