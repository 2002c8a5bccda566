package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.telephony.TelephonyAdminService;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.TrunkSpec;
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

/** The operator's SIP trunks. */
@Component(service = RestResource.class)
@Path("/trunks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TrunkResource implements RestResource {
    private final TelephonyAdminService admin;

    @Activate
    public TrunkResource(@Reference TelephonyAdminService admin) {
        this.admin = admin;
    }

    @GET
    public List<Trunk> list() {
        return Access.operator(admin::trunks);
    }

    @POST
    @Answer(status = 201, type = Trunk.class)
    public Response create(TrunkSpec spec) {
        Trunk t = Access.operator(() -> admin.createTrunk(Access.body(spec)));
        return Response.status(201).entity(t).build();
    }

    @PUT
    @Path("{id}")
    public Trunk update(@PathParam("id") String id, TrunkSpec spec) {
        return Access.operator(() -> admin.updateTrunk(id, Access.body(spec)));
    }

    @DELETE
    @Path("{id}")
    @Answer(status = 204)
    public Response delete(@PathParam("id") String id) {
        Access.operator(() -> {
            admin.deleteTrunk(id);
            return null;
        });
        return Response.noContent().build();
    }
}
