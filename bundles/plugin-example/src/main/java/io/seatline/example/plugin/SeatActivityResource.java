package io.seatline.example.plugin;

import io.seatline.core.Permissions;
import io.seatline.core.NotFoundException;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.RestResource;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The plug-in's own endpoint, {@code GET /api/v1/tenants/acme/seat-activity}: registered as a {@link RestResource},
 * it appears in /api/v1 (and in the OpenAPI document) when the jar is dropped into deploy/ and disappears when it is
 * deleted. Scoped to acme like the listener: another tenant gets 404, a caller without {@code seats:read} on acme 403.
 */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/seat-activity")
@Produces(MediaType.APPLICATION_JSON)
public class SeatActivityResource implements RestResource {
    private final SeatActivityLogger log;

    @Activate
    public SeatActivityResource(@Reference SeatActivityLogger log) {
        this.log = log;
    }

    @GET
    public List<SeatActivityLogger.Activity> recent(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, () -> {
            Permissions.require("seats", "read");
            if (!SeatActivityLogger.TENANT.equals(tenant)) {
                throw new NotFoundException("not_found", "the seat-activity plug-in serves tenant " + SeatActivityLogger.TENANT + " only");
            }
            return log.recent();
        });
    }
}
