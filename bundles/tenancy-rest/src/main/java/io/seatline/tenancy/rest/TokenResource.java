package io.seatline.tenancy.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.security.ApiToken;
import io.seatline.security.IssuedToken;
import io.seatline.security.TokenService;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** API tokens of a tenant. The secret is returned once, at creation. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource implements RestResource {
    private final TokenService tokens;

    @Activate
    public TokenResource(@Reference TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    public Page<ApiToken> list(@PathParam("tenant") String tenant, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.inTenant(tenant, () -> tokens.list(w[0], w[1]));
    }

    /**
     * Issues a token acting as {@code userId} (default: the caller). Only who may manage users may issue a token
     * for somebody else: otherwise an integrator could mint a token acting as the tenant admin.
     */
    @POST
    @Answer(status = 201, type = IssuedToken.class)
    public Response issue(@PathParam("tenant") String tenant, Bodies.IssueToken body) {
        Bodies.IssueToken req = Access.body(body);
        String userId = req.userId() == null ? TenantContext.current().userId() : req.userId();
        IssuedToken t = Access.inTenant(tenant, () -> tokens.issue(userId, req.name(), req.ttlDays()));
        return Response.status(201).entity(t).build();
    }

    @GET
    @Path("{id}")
    public ApiToken get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> tokens.get(id));
    }

    @DELETE
    @Path("{id}")
    public ApiToken revoke(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> tokens.revoke(id));
    }
}
