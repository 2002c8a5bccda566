package io.seatline.rest.internal;

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
@Path("/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    @GET
    public Page<AuditEntry> list(@PathParam("tenant") String tenant, @QueryParam("offset") Integer offset,
                                 @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.inTenant(tenant, "audit", "read", () -> audit.list(w[0], w[1]));
    }
}
