package io.seatline.telephony.rest;

import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.telephony.TelephonyAdminService;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The operator's view of this node's telephony: calls in setup, calls shed by overload control, backlog. */
@Component(service = RestResource.class)
@Path("/telephony")
@Produces(MediaType.APPLICATION_JSON)
public class TelephonyStatusResource implements RestResource {
    private final TelephonyAdminService admin;

    @Activate
    public TelephonyStatusResource(@Reference TelephonyAdminService admin) {
        this.admin = admin;
    }

    @GET
    @Path("status")
    public Map<String, Object> status() {
        return Access.operator(admin::status);
    }
}
