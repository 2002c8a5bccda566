package io.seatline.qa;

import io.seatline.core.Page;
import io.seatline.crm.Customer;
import io.seatline.crm.Interaction;
import io.seatline.crm.TicketService;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.MediaFile;
import io.seatline.telephony.Recording;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Quality assurance of the tenant in context. Evaluators are users with the {@code qa} role and the members of the
 * tenant's virtual QA team (team leads, trainers); agents see, acknowledge and dispute their own evaluations; a QA lead
 * ({@code qa:manage}) defines scorecards and sampling rules and runs calibration; reviewers ({@code qa:review}) decide
 * disputes. Scores are percentages 0-100 with two decimals.
 */
public interface QaService {

    // ------------------------------------------------------------------ scorecards

    /**
     * An item of a scorecard.
     *
     * @param key         stable id inside the scorecard (a-z, 0-9, -, _), kept across versions for trends
     * @param scale       YES_NO (0 = no, 1 = yes) or RANGE (0..max)
     * @param weight      share of the score; PERCENT scoring: the scored items' weights add up to 100
     * @param naAllowed   the evaluator may mark it not applicable (left out of the score)
     * @param fatal       a 0 on it fails the whole evaluation (score 0 or FAIL, per the scorecard's fatal mode)
     * @param observeOnly recorded and reported, never scored (a process without a written procedure yet); weight 0
     */
    record Item(String key, String text, String scale, Integer max, BigDecimal weight, Boolean naAllowed, Boolean fatal, Boolean observeOnly,
                String guidance) {
    }

    record Section(String name, List<Item> items) {
    }

    /**
     * @param scoring   PERCENT (weights add up to 100) or POINTS (any positive weights, normalised)
     * @param fatalMode ZERO (a fatal error scores 0) or FAIL (the score stands, the evaluation fails)
     * @param passMark  the score an evaluation needs to pass (default 80)
     */
    record ScorecardSpec(String name, String description, String scoring, String fatalMode, BigDecimal passMark, List<Section> sections) {
    }

    /** One version of a scorecard; {@code used} counts the evaluations that used it (a used version cannot change). */
    record Scorecard(String id, String name, int version, String description, String scoring, String fatalMode, BigDecimal passMark,
                     List<Section> sections, long used, List<Integer> versions, Instant createdAt, String createdBy) {
    }

    Scorecard createScorecard(ScorecardSpec spec);

    /** A new version (the next number); evaluations keep the version they used. */
    Scorecard newVersion(String scorecardId, ScorecardSpec spec);

    /** Changes a version no evaluation has used yet; a used one is refused (409 {@code version_in_use}). */
    Scorecard updateVersion(String scorecardId, int version, ScorecardSpec spec);

    /** A version of the scorecard; null: the latest. */
    Scorecard scorecard(String scorecardId, Integer version);

    /** The latest version of every scorecard. */
    List<Scorecard> scorecards();

    // ------------------------------------------------------------------ the virtual QA team

    /** Users who evaluate without the qa role (team leads, trainers). */
    List<String> qaTeam();

    List<String> setQaTeam(List<String> userIds);

    // ------------------------------------------------------------------ evaluations

    /** A time-stamped marker in the call's recording: milliseconds from its start, and what is there. */
    record Marker(long atMs, String note) {
    }

    /** An item's score: {@code value} on its scale, or {@code na}. */
    record Answer(String item, Integer value, Boolean na, String comment, List<Marker> markers) {
    }

    /** {@code submit}: submit now (every item answered); otherwise saved as a draft. */
    record EvaluationSpec(String callId, String scorecardId, Integer version, List<Answer> answers, String comment, Boolean submit) {
    }

    /** An item as scored: {@code percent} of its scale (null when N/A or not answered). */
    record ItemResult(String item, String section, String text, Integer value, Integer max, boolean na, boolean fatal, boolean observeOnly,
                      BigDecimal weight, BigDecimal percent, String comment, List<Marker> markers) {
    }

    /** A scored version of an evaluation: SUBMITTED by the evaluator, AMENDED by a reviewer. Every one is kept. */
    record Revision(int no, String kind, BigDecimal score, boolean passed, boolean fatalError, List<ItemResult> items, String comment, String by,
                    Instant at) {
    }

    /**
     * @param kind   REGULAR or CALIBRATION
     * @param status DRAFT, SUBMITTED, ACKNOWLEDGED, DISPUTED, UPHELD, AMENDED
     * @param csat   the caller's survey score of the call (1-5), if any
     */
    record Evaluation(String id, String tenantId, String callId, String kind, String calibrationId, String scorecardId, int scorecardVersion,
                      String agentUserId, String evaluatorUserId, String status, BigDecimal score, Boolean passed, boolean fatalError,
                      List<ItemResult> items, String comment, Integer csat, String queue, Instant callAt, String disputeReason,
                      String reviewerUserId, String reviewNote, List<Revision> revisions, Instant createdAt, Instant submittedAt,
                      Instant updatedAt) {
    }

    /**
     * What an evaluator opens: the call's CDR, its recording, the customers with the caller's number (what the agent's
     * screen pop showed), their history entries of this call, and the tickets written on it.
     */
    record CallView(Cdr cdr, Recording recording, List<Customer> customers, List<Interaction> interactions, List<TicketService.Ticket> tickets,
                    List<Evaluation> evaluations) {
    }

    /**
     * The call as QA sees it. Open to QA staff and evaluators (the virtual QA team too), and to the call's agent once an
     * evaluation of the call was scored (who then sees only the evaluations visible to it).
     */
    CallView call(String callId);

    /** The call's recording as a file, for whoever may open the call ({@link #call}); 404 when it has none (or no more). */
    default MediaFile callAudio(String callId) {
        return callAudio(callId, false);
    }

    /** As above; {@code played} (a player opening it, not a seek) leaves {@code qa.recording.play} in the audit trail. */
    MediaFile callAudio(String callId, boolean played);

    Evaluation evaluate(EvaluationSpec spec);

    /** Changes a draft (the evaluator's own), or submits it. */
    Evaluation updateEvaluation(String id, EvaluationSpec spec);

    Evaluation evaluation(String id);

    /** Evaluations, newest first; an agent sees only its own submitted ones. */
    default Page<Evaluation> evaluations(String agentUserId, String evaluatorUserId, String status, LocalDate from, LocalDate to, int offset,
                                         int limit) {
        return evaluations(agentUserId, evaluatorUserId, status, from, to, null, offset, limit);
    }

    /** As the list above, ordered by {@code sort}: created, call, score, status or submitted (null: newest first). */
    Page<Evaluation> evaluations(String agentUserId, String evaluatorUserId, String status, LocalDate from, LocalDate to, io.seatline.core.Sort sort,
                                 int offset, int limit);

    /** The agent accepts its evaluation. */
    Evaluation acknowledge(String id);

    /** The agent disputes its evaluation, with a reason; it goes to a reviewer. */
    Evaluation dispute(String id, String reason);

    /** @param decision UPHOLD (the score stands) or AMEND (with the corrected answers; both versions kept) */
    record Review(String decision, String note, List<Answer> answers) {
    }

    Evaluation review(String id, Review review);

    // ------------------------------------------------------------------ sampling

    /**
     * A rule that puts calls in the evaluation queue.
     *
     * @param kind PER_AGENT ({@code count} calls per agent per week), PERCENT ({@code percent} of a queue's or all
     *             answered calls), LOW_CSAT (calls scored at most {@code csatAtMost}), LONG_CALL (talk of at least
     *             {@code minTalkSeconds}), TRANSFERRED (calls transferred at least once), NEW_AGENT ({@code count} calls
     *             per agent in its first {@code newAgentWeeks} weeks)
     */
    record SamplingRule(String id, String name, String kind, Integer count, BigDecimal percent, String queue, Integer csatAtMost,
                        Integer minTalkSeconds, Integer newAgentWeeks, Boolean enabled) {
    }

    SamplingRule saveRule(SamplingRule rule);

    List<SamplingRule> rules();

    void deleteRule(String id);

    /** A call in an evaluator's queue. {@code status}: OPEN or DONE (evaluated). */
    record Assignment(String id, String callId, String agentUserId, String evaluatorUserId, String rule, String status, String evaluationId,
                      LocalDate week, Instant assignedAt) {
    }

    /** What a sampling pass put in the queue: per rule and per evaluator. */
    record SamplingReport(LocalDate week, long answeredCalls, int assigned, Map<String, Integer> byRule, Map<String, Integer> byEvaluator,
                          List<String> warnings) {
    }

    /**
     * Builds the evaluation queue for the week starting {@code monday} (in the tenant's zone) from the rules; running it
     * again adds only what is missing. Calls go to the evaluator with the fewest open assignments, never to the same
     * evaluator twice, and never to an evaluator who is the call's agent.
     */
    SamplingReport sample(LocalDate monday);

    Page<Assignment> assignments(String evaluatorUserId, String status, int offset, int limit);

    // ------------------------------------------------------------------ calibration

    record CalibrationSpec(String title, String callId, String scorecardId, String leadUserId, List<String> participants) {
    }

    /** An item across the session's evaluators: percent per evaluator, the consensus, and the spread (max - min). */
    record CalibrationItem(String item, String text, Map<String, BigDecimal> byEvaluator, BigDecimal consensus, BigDecimal spread,
                           boolean disagreement) {
    }

    /** An evaluator against the consensus (or the lead): total-score deviation and mean absolute item deviation. */
    record Deviation(String evaluatorUserId, BigDecimal score, BigDecimal scoreDeviation, BigDecimal meanItemDeviation) {
    }

    /**
     * @param basis CONSENSUS (the mean of the evaluators) or LEAD (the calibration lead's scores)
     */
    record Calibration(String id, String title, String callId, String scorecardId, int scorecardVersion, String leadUserId,
                       List<String> participants, List<String> submitted, String status, String basis, BigDecimal referenceScore,
                       List<CalibrationItem> items, List<Deviation> deviations, Instant createdAt, Instant closedAt) {
    }

    Calibration createCalibration(CalibrationSpec spec);

    Calibration calibration(String id);

    /**
     * A participant's own, independent score of the session's call (always submitted). Until a participant has
     * scored, the session shows it nobody else's scores.
     */
    Evaluation scoreCalibration(String calibrationId, List<Answer> answers, String comment);

    List<Calibration> calibrations();

    /** Closes the session: no more scores; results stay. */
    Calibration closeCalibration(String id);

    /** An evaluator's deviation in one closed or open session, oldest first: drift over time. */
    record DriftPoint(String calibrationId, Instant at, BigDecimal scoreDeviation, BigDecimal meanItemDeviation) {
    }

    Map<String, List<DriftPoint>> drift(LocalDate from, LocalDate to);

    // ------------------------------------------------------------------ analytics

    /** {@code change}: against the previous point (null for the first). */
    record TrendPoint(String period, long evaluations, BigDecimal average, BigDecimal change) {
    }

    record Trend(String key, String label, List<TrendPoint> points) {
    }

    /** @param by AGENT or TEAM; @param granularity WEEK or MONTH */
    List<Trend> trends(String by, String granularity, LocalDate from, LocalDate to);

    /** An item where an agent or team scores below the tenant: a coaching need. */
    record WeakSpot(String key, String label, String item, String text, long n, BigDecimal average, BigDecimal tenantAverage, BigDecimal gap) {
    }

    List<WeakSpot> weakSpots(String by, LocalDate from, LocalDate to);

    record Bucket(BigDecimal from, BigDecimal to, long count) {
    }

    /** The spread of scores; {@code bunched} when most scores sit in a narrow band at the top, where they tell nothing. */
    record Distribution(long n, BigDecimal mean, BigDecimal median, BigDecimal p10, BigDecimal p90, BigDecimal stddev, List<Bucket> buckets,
                        BigDecimal shareFrom92, boolean bunched, String note) {
    }

    Distribution distribution(String scorecardId, LocalDate from, LocalDate to);

    /**
     * An item's Pearson correlation with the callers' CSAT on the same calls. {@code enough}: n reaches the minimum;
     * below it {@code r} is shown but says nothing.
     */
    record ItemCorrelation(String item, String text, long n, BigDecimal r, boolean enough, BigDecimal weight, BigDecimal suggestedWeight) {
    }

    record CsatCorrelation(String scorecardId, int version, long evaluationsWithCsat, int minN, BigDecimal totalScoreR,
                           List<ItemCorrelation> items, String note) {
    }

    CsatCorrelation csatCorrelation(String scorecardId, Integer version, LocalDate from, LocalDate to);

    // ------------------------------------------------------------------ coaching

    record CoachingSpec(String agentUserId, String assigneeUserId, String evaluationId, String item, String topic, LocalDate due) {
    }

    /** @param status OPEN or DONE */
    record Coaching(String id, String agentUserId, String assigneeUserId, String evaluationId, String item, String topic, LocalDate due,
                    String status, String outcome, boolean overdue, Instant createdAt, String createdBy, Instant doneAt) {
    }

    /** A coaching task; the assignee defaults to the team lead (supervisor) of the agent's team. */
    Coaching coach(CoachingSpec spec);

    Coaching completeCoaching(String id, String outcome);

    Page<Coaching> coaching(String status, String assigneeUserId, String agentUserId, int offset, int limit);

    /** Operator: tells each overdue coaching task's assignee once (event {@link QaEvents#COACHING_DUE}); returns how many. */
    int coachingDue();
}
