package io.seatline.tenancy.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TeamSpec;
import java.net.URI;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

@Component(service = RestResource.class)
@Path("/tenants/{tenant}/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource implements RestResource {
    private final TeamService teams;

    @Activate
    public TeamResource(@Reference TeamService teams) {
        this.teams = teams;
    }

    @GET
    public Page<Team> list(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("offset") Integer offset,
                           @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.inTenant(tenant, () -> teams.search(q, w[0], w[1]));
    }

    @POST
    @Answer(status = 201, type = Team.class)
    public Response create(@PathParam("tenant") String tenant, TeamSpec spec) {
        Team t = Access.inTenant(tenant, () -> teams.create(Access.body(spec)));
        return Response.created(URI.create("tenants/" + tenant + "/teams/" + t.id())).entity(t).build();
    }

    @GET
    @Path("{id}")
    public Team get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> teams.get(id));
    }

    @PATCH
    @Path("{id}")
    public Team update(@PathParam("tenant") String tenant, @PathParam("id") String id, TeamSpec spec) {
        return Access.inTenant(tenant, () -> teams.update(id, Access.body(spec)));
    }

    @DELETE
    @Path("{id}")
    @Answer(status = 204)
    public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Access.inTenant(tenant, () -> {
            teams.delete(id);
            return null;
        });
        return Response.noContent().build();
    }
}
