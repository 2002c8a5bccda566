package io.seatline.qa.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Requests;
import io.seatline.core.Page;
import io.seatline.qa.QaService;
import io.seatline.qa.QaService.Assignment;
import io.seatline.qa.QaService.Calibration;
import io.seatline.qa.QaService.CalibrationSpec;
import io.seatline.qa.QaService.CallView;
import io.seatline.rest.spi.Ranged;
import io.seatline.qa.QaService.Coaching;
import io.seatline.qa.QaService.CoachingSpec;
import io.seatline.qa.QaService.CsatCorrelation;
import io.seatline.qa.QaService.Distribution;
import io.seatline.qa.QaService.DriftPoint;
import io.seatline.qa.QaService.Evaluation;
import io.seatline.qa.QaService.EvaluationSpec;
import io.seatline.qa.QaService.Review;
import io.seatline.qa.QaService.SamplingReport;
import io.seatline.qa.QaService.SamplingRule;
import io.seatline.qa.QaService.Scorecard;
import io.seatline.qa.QaService.ScorecardSpec;
import io.seatline.qa.QaService.Trend;
import io.seatline.qa.QaService.WeakSpot;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Quality assurance of a tenant. Any user of the tenant reaches these endpoints; the QA service decides what each
 * may do (qa:read/evaluate/calibrate/manage/review/coach, the virtual QA team, an agent's own evaluations).
 */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/qa")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class QaResource implements RestResource {
    private final QaService qa;

    @Activate
    public QaResource(@Reference QaService qa) {
        this.qa = qa;
    }

    private static <T> T in(String tenant, Supplier<T> work) {
        return Access.inTenant(tenant, work);
    }

    private static Response created(String tenant, Supplier<?> work) {
        return Response.status(201).entity(in(tenant, work)).build();
    }

    // ------------------------------------------------------------------ scorecards

    @GET
    @Path("scorecards")
    public List<Scorecard> scorecards(@PathParam("tenant") String tenant) {
        return in(tenant, qa::scorecards);
    }

    @POST
    @Path("scorecards")
    @io.seatline.rest.spi.Answer(status = 201, type = Scorecard.class)
    public Response createScorecard(@PathParam("tenant") String tenant, ScorecardSpec spec) {
        return created(tenant, () -> qa.createScorecard(Access.body(spec)));
    }

    @GET
    @Path("scorecards/{id}")
    public Scorecard scorecard(@PathParam("tenant") String tenant, @PathParam("id") String id, @QueryParam("version") Integer version) {
        return in(tenant, () -> qa.scorecard(id, version));
    }

    /** A new version; evaluations keep the version they used. */
    @POST
    @Path("scorecards/{id}/versions")
    @io.seatline.rest.spi.Answer(status = 201, type = Scorecard.class)
    public Response newVersion(@PathParam("tenant") String tenant, @PathParam("id") String id, ScorecardSpec spec) {
        return created(tenant, () -> qa.newVersion(id, Access.body(spec)));
    }

    /** Changes a version no evaluation used yet (409 version_in_use otherwise). */
    @PUT
    @Path("scorecards/{id}/versions/{version}")
    public Scorecard updateVersion(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("version") int version,
                                   ScorecardSpec spec) {
        return in(tenant, () -> qa.updateVersion(id, version, Access.body(spec)));
    }

    // ------------------------------------------------------------------ the virtual QA team

    @GET
    @Path("team")
    public List<String> team(@PathParam("tenant") String tenant) {
        return in(tenant, qa::qaTeam);
    }

    /** Replaces the virtual QA team: {"userIds": [...]}. */
    @PUT
    @Path("team")
    public List<String> setTeam(@PathParam("tenant") String tenant, Map<String, List<String>> body) {
        return in(tenant, () -> qa.setQaTeam(Access.body(body).get("userIds")));
    }

    // ------------------------------------------------------------------ evaluations

    @GET
    @Path("calls/{callId}")
    public CallView call(@PathParam("tenant") String tenant, @PathParam("callId") String callId) {
        return in(tenant, () -> qa.call(callId));
    }

    /**
     * The call's recording (WAV; {@code Range: bytes=a-b} gives 206 with that part) for whoever may open the call: QA
     * staff, evaluators of the virtual QA team, and the call's agent once an evaluation of it was scored.
     */
    @GET
    @Path("calls/{callId}/audio")
    @Produces({"audio/wav", MediaType.APPLICATION_JSON})
    @Answer(media = "audio/wav")
    public Response callAudio(@PathParam("tenant") String tenant, @PathParam("callId") String callId, @HeaderParam("Range") String range) {
        return Ranged.file(in(tenant, () -> qa.callAudio(callId, Ranged.opening(range))), range);
    }

    @POST
    @Path("evaluations")
    @io.seatline.rest.spi.Answer(status = 201, type = Evaluation.class)
    public Response evaluate(@PathParam("tenant") String tenant, EvaluationSpec spec) {
        return created(tenant, () -> qa.evaluate(Access.body(spec)));
    }

    @GET
    @Path("evaluations")
    public Page<Evaluation> evaluations(@PathParam("tenant") String tenant, @QueryParam("agent") String agent,
                                        @QueryParam("evaluator") String evaluator, @QueryParam("status") String status,
                                        @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("sort") String sort,
                                        @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return in(tenant, () -> qa.evaluations(agent, evaluator, status, f, t, io.seatline.core.Sort.parse(sort), w[0], w[1]));
    }

    @GET
    @Path("evaluations/{id}")
    public Evaluation evaluation(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return in(tenant, () -> qa.evaluation(id));
    }

    /** Changes or submits a draft ({"answers": [...], "submit": true}). */
    @PUT
    @Path("evaluations/{id}")
    public Evaluation update(@PathParam("tenant") String tenant, @PathParam("id") String id, EvaluationSpec spec) {
        return in(tenant, () -> qa.updateEvaluation(id, Access.body(spec)));
    }

    @POST
    @Path("evaluations/{id}/acknowledge")
    public Evaluation acknowledge(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return in(tenant, () -> qa.acknowledge(id));
    }

    /** {"reason": "..."} */
    @POST
    @Path("evaluations/{id}/dispute")
    public Evaluation dispute(@PathParam("tenant") String tenant, @PathParam("id") String id, Requests.Reason body) {
        return in(tenant, () -> qa.dispute(id, Access.body(body).reason()));
    }

    /** {"decision": "UPHOLD"|"AMEND", "note": "...", "answers": [...]} */
    @POST
    @Path("evaluations/{id}/review")
    public Evaluation review(@PathParam("tenant") String tenant, @PathParam("id") String id, Review review) {
        return in(tenant, () -> qa.review(id, Access.body(review)));
    }

    // ------------------------------------------------------------------ sampling

    @GET
    @Path("sampling/rules")
    public List<SamplingRule> rules(@PathParam("tenant") String tenant) {
        return in(tenant, qa::rules);
    }

    @POST
    @Path("sampling/rules")
    @io.seatline.rest.spi.Answer(status = 201, type = SamplingRule.class)
    public Response addRule(@PathParam("tenant") String tenant, SamplingRule rule) {
        SamplingRule r = Access.body(rule);
        return created(tenant, () -> qa.saveRule(new SamplingRule(null, r.name(), r.kind(), r.count(), r.percent(), r.queue(), r.csatAtMost(),
            r.minTalkSeconds(), r.newAgentWeeks(), r.enabled())));
    }

    @PUT
    @Path("sampling/rules/{id}")
    public SamplingRule updateRule(@PathParam("tenant") String tenant, @PathParam("id") String id, SamplingRule rule) {
        SamplingRule r = Access.body(rule);
        return in(tenant, () -> qa.saveRule(new SamplingRule(id, r.name(), r.kind(), r.count(), r.percent(), r.queue(), r.csatAtMost(),
            r.minTalkSeconds(), r.newAgentWeeks(), r.enabled())));
    }

    @DELETE
    @Path("sampling/rules/{id}")
    @Answer(status = 204)
    public Response deleteRule(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        in(tenant, () -> {
            qa.deleteRule(id);
            return null;
        });
        return Response.noContent().build();
    }

    /** Builds the evaluation queue of a week: {"week": "2026-11-16"} (a Monday). */
    @POST
    @Path("sampling/run")
    public SamplingReport sample(@PathParam("tenant") String tenant, SamplingRun body) {
        LocalDate week = Requests.date(Access.body(body).week(), "week");
        return in(tenant, () -> qa.sample(week));
    }

    @GET
    @Path("assignments")
    public Page<Assignment> assignments(@PathParam("tenant") String tenant, @QueryParam("evaluator") String evaluator,
                                        @QueryParam("status") String status, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return in(tenant, () -> qa.assignments(evaluator, status, w[0], w[1]));
    }

    // ------------------------------------------------------------------ calibration

    @POST
    @Path("calibrations")
    @io.seatline.rest.spi.Answer(status = 201, type = Calibration.class)
    public Response createCalibration(@PathParam("tenant") String tenant, CalibrationSpec spec) {
        return created(tenant, () -> qa.createCalibration(Access.body(spec)));
    }

    @GET
    @Path("calibrations")
    public List<Calibration> calibrations(@PathParam("tenant") String tenant) {
        return in(tenant, qa::calibrations);
    }

    @GET
    @Path("calibrations/drift")
    public Map<String, List<DriftPoint>> drift(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return in(tenant, () -> qa.drift(f, t));
    }

    @GET
    @Path("calibrations/{id}")
    public Calibration calibration(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return in(tenant, () -> qa.calibration(id));
    }

    /** A participant's own score: {"answers": [...], "comment": "..."}. */
    @POST
    @Path("calibrations/{id}/scores")
    @io.seatline.rest.spi.Answer(status = 201, type = Evaluation.class)
    public Response score(@PathParam("tenant") String tenant, @PathParam("id") String id, EvaluationSpec spec) {
        EvaluationSpec s = Access.body(spec);
        return created(tenant, () -> qa.scoreCalibration(id, s.answers(), s.comment()));
    }

    @POST
    @Path("calibrations/{id}/close")
    public Calibration close(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return in(tenant, () -> qa.closeCalibration(id));
    }

    // ------------------------------------------------------------------ analytics

    @GET
    @Path("reports/trends")
    public List<Trend> trends(@PathParam("tenant") String tenant, @QueryParam("by") String by, @QueryParam("granularity") String granularity,
                              @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return in(tenant, () -> qa.trends(by, granularity, f, t));
    }

    @GET
    @Path("reports/weak-spots")
    public List<WeakSpot> weakSpots(@PathParam("tenant") String tenant, @QueryParam("by") String by, @QueryParam("from") String from,
                                    @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return in(tenant, () -> qa.weakSpots(by, f, t));
    }

    @GET
    @Path("reports/distribution")
    public Distribution distribution(@PathParam("tenant") String tenant, @QueryParam("scorecard") String scorecard, @QueryParam("from") String from,
                                     @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return in(tenant, () -> qa.distribution(scorecard, f, t));
    }

    @GET
    @Path("reports/csat-correlation")
    public CsatCorrelation correlation(@PathParam("tenant") String tenant, @QueryParam("scorecard") String scorecard,
                                       @QueryParam("version") Integer version, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return in(tenant, () -> qa.csatCorrelation(scorecard, version, f, t));
    }

    // ------------------------------------------------------------------ coaching

    @POST
    @Path("coaching")
    @io.seatline.rest.spi.Answer(status = 201, type = Coaching.class)
    public Response coach(@PathParam("tenant") String tenant, CoachingSpec spec) {
        return created(tenant, () -> qa.coach(Access.body(spec)));
    }

    @GET
    @Path("coaching")
    public Page<Coaching> coaching(@PathParam("tenant") String tenant, @QueryParam("status") String status, @QueryParam("assignee") String assignee,
                                   @QueryParam("agent") String agent, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return in(tenant, () -> qa.coaching(status, assignee, agent, w[0], w[1]));
    }

    /** {"outcome": "..."} */
    @POST
    @Path("coaching/{id}/complete")
    public Coaching complete(@PathParam("tenant") String tenant, @PathParam("id") String id, CoachingOutcome body) {
        return in(tenant, () -> qa.completeCoaching(id, Access.body(body).outcome()));
    }

    /** The week (its Monday, yyyy-MM-dd) whose evaluation queue to build. */
    public record SamplingRun(String week) {
    }

    /** How a coaching session ended. */
    public record CoachingOutcome(String outcome) {
    }
}
