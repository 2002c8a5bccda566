package io.seatline.wfm.rest;

import io.seatline.core.ValidationException;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.RestResource;
import io.seatline.reports.ScorecardService;
import io.seatline.reports.ScorecardService.Scorecard;
import io.seatline.reports.ScorecardService.Weights;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The agents' performance scorecard (绩效考核) of a month, and the company's weights and targets. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/scorecard")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScorecardResource implements RestResource {
    private final ScorecardService scorecards;

    @Activate
    public ScorecardResource(@Reference ScorecardService scorecards) {
        this.scorecards = scorecards;
    }

    /** The month's scorecard ({@code month} yyyy-MM, default this one), of one team or all. */
    @GET
    public Scorecard scorecard(@PathParam("tenant") String tenant, @QueryParam("month") String month, @QueryParam("team") String team) {
        YearMonth m;
        try {
            m = month == null || month.isBlank() ? null : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException("invalid_date", "month: a month is yyyy-MM", "month");
        }
        return Access.inTenant(tenant, () -> scorecards.scorecard(m, team == null || team.isBlank() ? null : team));
    }

    @GET
    @Path("weights")
    public Weights weights(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, scorecards::weights);
    }

    /** Replaces the weights (whole points summing to 100) and targets. */
    @PUT
    @Path("weights")
    public Weights saveWeights(@PathParam("tenant") String tenant, Weights w) {
        Access.body(w);
        return Access.inTenant(tenant, () -> scorecards.saveWeights(w));
    }
}
