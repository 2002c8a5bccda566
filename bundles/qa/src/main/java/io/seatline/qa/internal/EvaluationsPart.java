package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import io.seatline.core.Permissions;
import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.SeatlineException;
import io.seatline.core.ValidationException;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.Interaction;
import io.seatline.crm.TicketService;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.qa.QaEvents;
import io.seatline.qa.internal.entity.AssignmentEntity;
import io.seatline.qa.internal.entity.EvaluationEntity;
import io.seatline.qa.internal.entity.ScorecardEntity;
import io.seatline.qa.internal.entity.ScorecardVersionEntity;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.MediaFile;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.Recording;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.persistence.EntityManager;

/** Evaluations: the call view, scoring, submission, acknowledgement, disputes and reviews. One part of {@link QaServiceImpl}. */
final class EvaluationsPart extends QaPart {
    EvaluationsPart(QaServiceImpl owner) {
        super(owner);
    }

    public CallView call(String callId) {
        Cdr c = cdr(callId);
        List<Evaluation> evaluations = tx(em -> {
            boolean staff = mayOpen(em, callId);
            // the call's agent sees the evaluations shown to it (scored ones of its own), not drafts under way
            return em.createQuery("select e from EvaluationEntity e where e.callId = :c and e.kind = 'REGULAR' order by e.createdAt",
                EvaluationEntity.class).setParameter("c", callId).getResultStream().filter(e -> staff || visible(em, e)).map(e -> toApi(em, e)).toList();
        });
        Recording recording = null;
        MediaService m = owner.media;
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
        CrmService cr = owner.crm;
        TicketService tk = owner.tickets;
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

    /**
     * Whether the user opens the call as QA staff (true: QA reader or evaluator) or as its agent with a scored evaluation
     * of it (false); anyone else is refused.
     */
    private boolean mayOpen(EntityManager em, String callId) {
        if (can("read") || evaluator(em)) {
            return true;
        }
        boolean agent = !em.createQuery("select e.id from EvaluationEntity e where e.callId = :c and e.kind = 'REGULAR' and e.agentUserId = :me"
            + " and e.status in :scored", String.class).setParameter("c", callId).setParameter("me", me()).setParameter("scored", SCORED)
            .setMaxResults(1).getResultList().isEmpty();
        if (!agent) {
            need("read");
        }
        return false;
    }

    /** One listening is audited once: the player's requests (audio, waveform) and a replay within a minute are one. */
    private static final io.seatline.core.Debounce PLAYS = new io.seatline.core.Debounce(java.time.Duration.ofMinutes(1));

    public MediaFile callAudio(String callId, boolean played) {
        tx(em -> mayOpen(em, callId)); // before the call is looked up: a refused caller learns nothing of which calls exist
        Cdr c = cdr(callId);
        MediaService m = owner.media;
        if (c.recordingId() == null || m == null) {
            throw new NotFoundException("not_found", "call '" + callId + "' has no recording", null);
        }
        // the user may open this call (checked above), and with it its recording: read as the QA service, as an agent or
        // a virtual QA team member holds no recordings:read of its own
        MediaFile f = Permissions.asService("qa", () -> m.recordingFile(c.recordingId()));
        if (played && PLAYS.first(me() + "|" + c.recordingId())) {
            audited("qa.recording.play", callId, "recording " + c.recordingId());
        }
        return f;
    }

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




    void submitted(EntityManager em, EvaluationEntity e) {
        Jpa.bulk(em, "update AssignmentEntity a set a.status = 'DONE', a.evaluationId = :e where a.callId = :c "
            + "and a.evaluatorUserId = :u").setParameter("e", e.id).setParameter("c", e.callId).setParameter("u", e.evaluatorUserId).executeUpdate();
        if ("REGULAR".equals(e.kind)) {
            publish(QaEvents.SUBMITTED, Map.of("evaluation.id", e.id, "agent.user.id", e.agentUserId, "score", String.valueOf(e.score),
                "call.id", e.callId));
        }
    }

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
    boolean visible(EntityManager em, EvaluationEntity e) {
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

    public Evaluation evaluation(String id) {
        return tx(em -> {
            EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, id, "evaluation");
            if (!visible(em, e)) {
                throw new NotFoundException("not_found", "evaluation '" + id + "' not found");
            }
            return toApi(em, e);
        });
    }

    /** The fields the evaluation list sorts by. */
    private static final java.util.Map<String, String> EVALUATION_SORT = io.seatline.core.Sort.columns("created", "e.createdAt", "call",
        "e.callAt", "score", "e.score", "status", "e.status", "submitted", "e.submittedAt");

    public Page<Evaluation> evaluations(String agentUserId, String evaluatorUserId, String status, LocalDate from, LocalDate to,
                                        io.seatline.core.Sort sort, int offset, int limit) {
        ZoneId zone = zone();
        String order = io.seatline.core.Sort.orderBy(sort, EVALUATION_SORT, "e.createdAt desc, e.id", "e.id");
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
            List<Evaluation> items = w.bind(em.createQuery("select e from EvaluationEntity e" + w.where() + order,
                EvaluationEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultStream().map(e -> toApi(em, e)).toList();
            long total = w.bind(em.createQuery("select count(e) from EvaluationEntity e" + w.where(), Long.class)).getSingleResult();
            return new Page<>(items, total, offset, limit);
        });
    }

    EvaluationEntity agentsOwn(EntityManager em, String id) {
        EvaluationEntity e = Jpa.get(em, EvaluationEntity.class, id, "evaluation");
        if (!"REGULAR".equals(e.kind) || !me().equals(e.agentUserId)) {
            if (visible(em, e)) {
                throw new ForbiddenException("not_your_evaluation", "only the evaluated agent acknowledges or disputes an evaluation");
            }
            throw new NotFoundException("not_found", "evaluation '" + id + "' not found");
        }
        return e;
    }

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

}
