package io.seatline.qa.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.crm.CrmService;
import io.seatline.crm.TicketService;
import io.seatline.persistence.Jpa;
import io.seatline.qa.QaService;
import io.seatline.security.AuditService;
import io.seatline.telephony.CdrService;
import io.seatline.telephony.MediaFile;
import io.seatline.telephony.MediaService;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.UserService;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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

    @Reference(target = "(osgi.unit.name=seatline-qa)")
    private EntityManagerFactory emf;
    @Reference
    CdrService cdrs;
    @Reference
    UserService users;
    @Reference
    TeamService teams;
    /** the tenant's record for this capability's own work (trusted internal read, no permission) */
    @Reference
    io.seatline.tenancy.TenantDirectory directory;
    @Reference
    AuditService audit;
    @Reference
    EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile MediaService media;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile CrmService crm;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile TicketService tickets;

    Jpa jpa;
    private ScheduledExecutorService timer;
    private ScorecardsPart scorecardsPart;
    private EvaluationsPart evaluationsPart;
    private SamplingPart samplingPart;
    private CalibrationPart calibrationPart;
    private AnalyticsPart analyticsPart;
    private CoachingPart coachingPart;


    @Activate
    void activate() {
        jpa = new Jpa(emf);
        scorecardsPart = new ScorecardsPart(this);
        evaluationsPart = new EvaluationsPart(this);
        samplingPart = new SamplingPart(this);
        calibrationPart = new CalibrationPart(this);
        analyticsPart = new AnalyticsPart(this);
        coachingPart = new CoachingPart(this);
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

    // =================================================================== the API, by part

    @Override
    public Scorecard createScorecard(ScorecardSpec spec) {
        return scorecardsPart.createScorecard(spec);
    }

    @Override
    public Scorecard newVersion(String scorecardId, ScorecardSpec spec) {
        return scorecardsPart.newVersion(scorecardId, spec);
    }

    @Override
    public Scorecard updateVersion(String scorecardId, int version, ScorecardSpec spec) {
        return scorecardsPart.updateVersion(scorecardId, version, spec);
    }

    @Override
    public Scorecard scorecard(String scorecardId, Integer version) {
        return scorecardsPart.scorecard(scorecardId, version);
    }

    @Override
    public List<Scorecard> scorecards() {
        return scorecardsPart.scorecards();
    }

    @Override
    public List<String> qaTeam() {
        return scorecardsPart.qaTeam();
    }

    @Override
    public List<String> setQaTeam(List<String> userIds) {
        return scorecardsPart.setQaTeam(userIds);
    }

    @Override
    public CallView call(String callId) {
        return evaluationsPart.call(callId);
    }

    @Override
    public MediaFile callAudio(String callId, boolean played) {
        return evaluationsPart.callAudio(callId, played);
    }

    @Override
    public Evaluation evaluate(EvaluationSpec spec) {
        return evaluationsPart.evaluate(spec);
    }

    @Override
    public Evaluation updateEvaluation(String id, EvaluationSpec spec) {
        return evaluationsPart.updateEvaluation(id, spec);
    }

    @Override
    public Evaluation evaluation(String id) {
        return evaluationsPart.evaluation(id);
    }

    @Override
    public Page<Evaluation> evaluations(String agentUserId, String evaluatorUserId, String status, LocalDate from, LocalDate to,
                                        io.seatline.core.Sort sort, int offset, int limit) {
        return evaluationsPart.evaluations(agentUserId, evaluatorUserId, status, from, to, sort, offset, limit);
    }

    @Override
    public Evaluation acknowledge(String id) {
        return evaluationsPart.acknowledge(id);
    }

    @Override
    public Evaluation dispute(String id, String reason) {
        return evaluationsPart.dispute(id, reason);
    }

    @Override
    public Evaluation review(String id, Review review) {
        return evaluationsPart.review(id, review);
    }

    @Override
    public SamplingRule saveRule(SamplingRule rule) {
        return samplingPart.saveRule(rule);
    }

    @Override
    public List<SamplingRule> rules() {
        return samplingPart.rules();
    }

    @Override
    public void deleteRule(String id) {
        samplingPart.deleteRule(id);
    }

    @Override
    public SamplingReport sample(LocalDate monday) {
        return samplingPart.sample(monday);
    }

    @Override
    public Page<Assignment> assignments(String evaluatorUserId, String status, int offset, int limit) {
        return samplingPart.assignments(evaluatorUserId, status, offset, limit);
    }

    @Override
    public Calibration createCalibration(CalibrationSpec spec) {
        return calibrationPart.createCalibration(spec);
    }

    @Override
    public Evaluation scoreCalibration(String calibrationId, List<Answer> answers, String comment) {
        return calibrationPart.scoreCalibration(calibrationId, answers, comment);
    }

    @Override
    public Calibration calibration(String id) {
        return calibrationPart.calibration(id);
    }

    @Override
    public List<Calibration> calibrations() {
        return calibrationPart.calibrations();
    }

    @Override
    public Calibration closeCalibration(String id) {
        return calibrationPart.closeCalibration(id);
    }

    @Override
    public Map<String, List<DriftPoint>> drift(LocalDate from, LocalDate to) {
        return calibrationPart.drift(from, to);
    }

    @Override
    public List<Trend> trends(String by, String granularity, LocalDate from, LocalDate to) {
        return analyticsPart.trends(by, granularity, from, to);
    }

    @Override
    public List<WeakSpot> weakSpots(String by, LocalDate from, LocalDate to) {
        return analyticsPart.weakSpots(by, from, to);
    }

    @Override
    public Distribution distribution(String scorecardId, LocalDate from, LocalDate to) {
        return analyticsPart.distribution(scorecardId, from, to);
    }

    @Override
    public CsatCorrelation csatCorrelation(String scorecardId, Integer version, LocalDate from, LocalDate to) {
        return analyticsPart.csatCorrelation(scorecardId, version, from, to);
    }

    @Override
    public Coaching coach(CoachingSpec spec) {
        return coachingPart.coach(spec);
    }

    @Override
    public Coaching completeCoaching(String id, String outcome) {
        return coachingPart.completeCoaching(id, outcome);
    }

    @Override
    public Page<Coaching> coaching(String status, String assigneeUserId, String agentUserId, int offset, int limit) {
        return coachingPart.coaching(status, assigneeUserId, agentUserId, offset, limit);
    }

    @Override
    public int coachingDue() {
        return coachingPart.coachingDue();
    }

    ScorecardsPart scorecardsPart() {
        return scorecardsPart;
    }

    EvaluationsPart evaluationsPart() {
        return evaluationsPart;
    }

    SamplingPart samplingPart() {
        return samplingPart;
    }

    CalibrationPart calibrationPart() {
        return calibrationPart;
    }

    AnalyticsPart analyticsPart() {
        return analyticsPart;
    }

    CoachingPart coachingPart() {
        return coachingPart;
    }
}
