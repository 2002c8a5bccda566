package io.seatline.qa.internal;

import io.seatline.qa.QaService.*;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.qa.internal.entity.CalibrationEntity;
import io.seatline.qa.internal.entity.EvaluationEntity;
import io.seatline.qa.internal.entity.ScorecardEntity;
import io.seatline.qa.internal.entity.ScorecardVersionEntity;
import io.seatline.telephony.Cdr;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.persistence.EntityManager;

/** Calibration sessions and their scoring against the consensus and the lead. One part of {@link QaServiceImpl}. */
final class CalibrationPart extends QaPart {
    CalibrationPart(QaServiceImpl owner) {
        super(owner);
    }

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
    static boolean results(EntityManager em, CalibrationEntity k) {
        return !List.of(k.participants.split(",")).contains(me()) || "CLOSED".equals(k.status) || scores(em, k).containsKey(me());
    }




    public List<Calibration> calibrations() {
        if (!can("manage")) {
            need("read");
        }
        return tx(em -> em.createQuery("select k from CalibrationEntity k order by k.createdAt desc", CalibrationEntity.class).getResultStream()
            .map(k -> toApi(em, k, results(em, k))).toList());
    }

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
}
