package io.seatline.tenancy.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserService;
import io.seatline.tenancy.UserSpec;
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

/** The operator's own users (role operator, no tenant; they log in with their bare username). Operator only. */
@Component(service = RestResource.class)
@Path("/operator-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OperatorUserResource implements RestResource {
    private final UserService users;

    @Activate
    public OperatorUserResource(@Reference UserService users) {
        this.users = users;
    }

    @GET
    public Page<User> list(@QueryParam("q") String q, @QueryParam("sort") String sort, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.operator(() -> users.search(q, null, io.seatline.core.Sort.parse(sort), w[0], w[1]));
    }

    @POST
    @Answer(status = 201, type = User.class)
    public Response create(UserSpec spec) {
        User u = Access.operator(() -> users.create(Access.body(spec)));
        return Response.created(URI.create("operator-users/" + u.id())).entity(u).build();
    }

    @GET
    @Path("{id}")
    public User get(@PathParam("id") String id) {
        return Access.operator(() -> users.get(id));
    }

    @PATCH
    @Path("{id}")
    public User update(@PathParam("id") String id, UserSpec spec) {
        return Access.operator(() -> users.update(id, Access.body(spec)));
    }

    @DELETE
    @Path("{id}")
    @Answer(status = 204)
    public Response delete(@PathParam("id") String id) {
        Access.operator(() -> {
            users.delete(id);
            return null;
        });
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/password")
    @Answer(status = 204)
    public Response password(@PathParam("id") String id, Bodies.Password body) {
        Bodies.Password req = Access.body(body);
        Access.operator(() -> {
            users.changePassword(id, req.password(), req.currentPassword());
            return null;
        });
        return Response.noContent().build();
    }
}
