package io.seatline.wfm.rest;

import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import io.seatline.workforce.AdherenceService;
import io.seatline.workforce.AdherenceService.AgentDay;
import io.seatline.workforce.AdherenceService.DayReport;
import io.seatline.workforce.AdherenceService.ExceptionRequest;
import io.seatline.workforce.AdherenceService.Live;
import io.seatline.workforce.AdherenceService.Settings;
import java.time.LocalDate;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A company's schedule adherence: the live floor against the published schedule, a day's figures per agent and team,
 * an agent's day, exceptions (requested, approved, rejected), the activity mapping and tolerances.
 */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/adherence")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdherenceResource implements RestResource {
    private final AdherenceService adherence;

    @Activate
    public AdherenceResource(@Reference AdherenceService adherence) {
        this.adherence = adherence;
    }

    @GET
    @Path("settings")
    public Settings settings(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, adherence::settings);
    }

    /** Replaces the mapping (activity → states, "NOT_READY:reason" for a reason) and the tolerances (seconds per activity). */
    @PUT
    @Path("settings")
    public Settings saveSettings(@PathParam("tenant") String tenant, Settings s) {
        Access.body(s);
        return Access.inTenant(tenant, () -> adherence.saveSettings(s));
    }

    /** Agents on shift now: the activity scheduled, their state, and since when out of adherence. */
    @GET
    @Path("live")
    public Live live(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, adherence::live);
    }

    /** A day's adherence and conformance per agent and team (today: up to now); the date defaults to today. */
    @GET
    @Path("day")
    public DayReport day(@PathParam("tenant") String tenant, @QueryParam("date") String date, @QueryParam("team") String team) {
        LocalDate d = Requests.date(date, "date");
        return Access.inTenant(tenant, () -> adherence.day(d, team == null || team.isBlank() ? null : team));
    }

    /** One agent's day: schedule, states, time out of adherence, exceptions. */
    @GET
    @Path("agents/{user}")
    public AgentDay agent(@PathParam("tenant") String tenant, @PathParam("user") String user, @QueryParam("date") String date) {
        LocalDate d = Requests.date(date, "date");
        return Access.inTenant(tenant, () -> adherence.agent(d, user));
    }

    /** The caller's own day. */
    @GET
    @Path("mine")
    public AgentDay mine(@PathParam("tenant") String tenant, @QueryParam("date") String date) {
        LocalDate d = Requests.date(date, "date");
        return Access.inTenant(tenant, () -> adherence.mine(d));
    }

    @GET
    @Path("exceptions")
    public List<ExceptionRequest> exceptions(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                                             @QueryParam("agent") String agent, @QueryParam("status") String status) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return Access.inTenant(tenant, () -> adherence.exceptions(f, t, agent == null || agent.isBlank() ? null : agent,
            status == null || status.isBlank() ? null : status));
    }

    /** An agent asks for an exception over scheduled time (a supervisor recording one for an agent approves it at once). */
    @POST
    @Path("exceptions")
    @Answer(status = 201, type = ExceptionRequest.class)
    public Response request(@PathParam("tenant") String tenant, ExceptionRequest r) {
        Access.body(r);
        ExceptionRequest saved = Access.inTenant(tenant, () -> adherence.request(r));
        return Response.status(201).entity(saved).build();
    }

    /** A decision on a pending exception. */
    public record Decision(Boolean approve, String note) {
    }

    @POST
    @Path("exceptions/{id}/decision")
    public ExceptionRequest decide(@PathParam("tenant") String tenant, @PathParam("id") String id, Decision d) {
        Access.body(d);
        if (d.approve() == null) {
            throw new io.seatline.core.ValidationException("required", "A decision approves (true) or rejects (false)", "approve");
        }
        return Access.inTenant(tenant, () -> adherence.decide(id, d.approve(), d.note()));
    }

    /** Withdraws one's own pending request. */
    @DELETE
    @Path("exceptions/{id}")
    @Answer(status = 204)
    public Response withdraw(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Access.inTenant(tenant, () -> {
            adherence.withdraw(id);
            return null;
        });
        return Response.noContent().build();
    }
}
