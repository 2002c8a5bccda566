package io.seatline.rest.internal;

import io.seatline.core.Page;
import io.seatline.security.AuditEntry;
import io.seatline.security.AuditService;
import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** The audit trail and the plug-ins, per tenant and (operator) for the whole installation. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private final AuditService audit;
    private final PluginService plugins;

    public AuditResource(AuditService audit, PluginService plugins) {
        this.audit = audit;
        this.plugins = plugins;
    }

    @GET
    @Path("tenants/{tenant}/audit")
    public Page<AuditEntry> tenantAudit(@PathParam("tenant") String tenant, @QueryParam("offset") Integer offset,
                                        @QueryParam("limit") Integer limit) {
        int[] w = Access.window(offset, limit);
        return Access.inTenant(tenant, "audit", "read", () -> audit.list(w[0], w[1]));
    }

    /** Operator: every audit entry, newest first. */
    @GET
    @Path("audit")
    public Page<AuditEntry> all(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Access.window(offset, limit);
        return Access.operator(() -> audit.listOperator(w[0], w[1]));
    }

    @GET
    @Path("tenants/{tenant}/plugins")
    public List<PluginInfo> tenantPlugins(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, "plugins", "read", plugins::list);
    }

    /** Operator: every plug-in, whatever its tenant. */
    @GET
    @Path("plugins")
    public List<PluginInfo> allPlugins() {
        return Access.operator(plugins::list);
    }
}
