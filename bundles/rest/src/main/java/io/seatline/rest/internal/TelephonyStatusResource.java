package io.seatline.rest.internal;

import io.seatline.telephony.TelephonyAdminService;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** The operator's view of this node's telephony: calls in setup, calls shed by overload control, backlog. */
@Path("/telephony")
@Produces(MediaType.APPLICATION_JSON)
public class TelephonyStatusResource {
    private final TelephonyAdminService admin;

    public TelephonyStatusResource(TelephonyAdminService admin) {
        this.admin = admin;
    }

    @GET
    @Path("status")
    public Map<String, Object> status() {
        return Access.operator(admin::status);
    }
}
