package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.telephony.Did;
import io.seatline.telephony.TelephonyAdminService;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** The operator's DIDs: assigned to tenants, each entering one of the tenant's queues. */
@Component(service = RestResource.class)
@Path("/dids")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DidResource implements RestResource {
    private final TelephonyAdminService admin;

    @Activate
    public DidResource(@Reference TelephonyAdminService admin) {
        this.admin = admin;
    }

    @GET
    public List<Did> list() {
        return Access.operator(admin::dids);
    }

    /** Assigns (or moves) a DID to a tenant: {@code {"tenantId":"acme","queue":"sales","trunkId":null}}. */
    @PUT
    @Path("{number}")
    public Did assign(@PathParam("number") String number, Bodies.AssignDid body) {
        Bodies.AssignDid req = Access.body(body);
        return Access.operator(() -> admin.assignDid(number, req.tenantId(), req.queue(), req.trunkId()));
    }

    @DELETE
    @Path("{number}")
    @Answer(status = 204)
    public Response release(@PathParam("number") String number) {
        Access.operator(() -> {
            admin.releaseDid(number);
            return null;
        });
        return Response.noContent().build();
    }
}
