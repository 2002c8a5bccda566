package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentProfile;
import io.seatline.telephony.AgentProfileSpec;
import io.seatline.telephony.AgentStatus;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Agents of a tenant: live states, telephony profiles (SIP identity, skills), seat login/logout and READY /
 * NOT_READY. Agents may do the state actions for themselves.
 */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/agents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentResource implements RestResource {
    private final AcdService acd;

    @Activate
    public AgentResource(@Reference AcdService acd) {
        this.acd = acd;
    }

    @GET
    public List<AgentStatus> states(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, acd::agentStatuses);
    }

    @GET
    @Path("profiles")
    public List<AgentProfile> profiles(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, acd::agents);
    }

    @GET
    @Path("{user}")
    public AgentStatus state(@PathParam("tenant") String tenant, @PathParam("user") String user) {
        return Access.inTenant(tenant, () -> acd.agentStatus(user));
    }

    /** Persisted state transitions, oldest first: {@code ?from=…&to=…} (ISO-8601 instants), {@code limit} ≤ 5000. */
    @GET
    @Path("{user}/history")
    public List<io.seatline.telephony.AgentStateChange> history(@PathParam("tenant") String tenant, @PathParam("user") String user,
                                                                @javax.ws.rs.QueryParam("from") String from, @javax.ws.rs.QueryParam("to") String to,
                                                                @javax.ws.rs.QueryParam("limit") Integer limit) {
        java.time.Instant f = Requests.instant(from, "from");
        java.time.Instant t = Requests.instant(to, "to");
        if (limit != null && (limit < 1 || limit > 5000)) {
            throw new io.seatline.core.ValidationException("invalid_limit", "limit must be between 1 and 5000", "limit");
        }
        int max = limit == null ? 1000 : limit;
        return Access.inTenant(tenant, () -> acd.stateHistory(user, f, t, max));
    }

    @GET
    @Path("{user}/profile")
    public AgentProfile profile(@PathParam("tenant") String tenant, @PathParam("user") String user) {
        return Access.inTenant(tenant, () -> acd.agent(user));
    }

    @PUT
    @Path("{user}/profile")
    public AgentProfile saveProfile(@PathParam("tenant") String tenant, @PathParam("user") String user, AgentProfileSpec spec) {
        return Access.inTenant(tenant, () -> acd.saveAgent(user, Access.body(spec)));
    }

    @DELETE
    @Path("{user}/profile")
    @Answer(status = 204)
    public Response deleteProfile(@PathParam("tenant") String tenant, @PathParam("user") String user) {
        Access.inTenant(tenant, () -> {
            acd.deleteAgent(user);
            return null;
        });
        return Response.noContent().build();
    }

    /** Logs the agent into a seat ({@code {"seatId":"auto"}} or a seat id); its phone must be registered. */
    @POST
    @Path("{user}/login")
    public AgentStatus login(@PathParam("tenant") String tenant, @PathParam("user") String user, Bodies.Login body) {
        String seat = body == null ? null : body.seatId();
        return Access.inTenant(tenant, () -> acd.login(user, seat));
    }

    @POST
    @Path("{user}/logout")
    public AgentStatus logout(@PathParam("tenant") String tenant, @PathParam("user") String user) {
        return Access.inTenant(tenant, () -> acd.logout(user));
    }

    /** {@code {"state":"READY"}} or {@code {"state":"NOT_READY","reason":"break"}}; ends wrap-up early too. */
    @PUT
    @Path("{user}/state")
    public AgentStatus setState(@PathParam("tenant") String tenant, @PathParam("user") String user, Bodies.State body) {
        Bodies.State req = Access.body(body);
        if (req.state() == null) {
            throw new io.seatline.core.ValidationException("required", "state is required", "state");
        }
        return Access.inTenant(tenant, () -> acd.setState(user, req.state(), req.reason()));
    }
}
