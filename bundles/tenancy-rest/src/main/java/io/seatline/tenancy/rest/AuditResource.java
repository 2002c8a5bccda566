package io.seatline.tenancy.rest;

import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.security.AuditEntry;
import io.seatline.security.AuditService;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** A tenant's audit trail, newest first. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource implements RestResource {
    private final AuditService audit;

    @Activate
    public AuditResource(@Reference AuditService audit) {
        this.audit = audit;
    }

    @GET
    public Page<AuditEntry> list(@PathParam("tenant") String tenant, @QueryParam("offset") Integer offset,
                                 @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.inTenant(tenant, () -> audit.list(w[0], w[1]));
    }
}
