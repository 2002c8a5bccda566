package io.seatline.tenancy.rest;

import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.CallContext;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.security.AuditEntry;
import io.seatline.security.AuditService;
import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import io.seatline.tenancy.SeatService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/**
 * Installation-level endpoints: who am I, health, and the operator's views across tenants (audit, plug-ins,
 * shared seat pool). One root resource at "/": JAX-RS picks one root class per request, so paths that
 * share no literal prefix with /tenants live here.
 */
@Component(service = RestResource.class)
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RootResource implements RestResource {
    private final AuditService audit;
    private final PluginService plugins;
    private final SeatService seats;

    @Activate
    public RootResource(@Reference AuditService audit, @Reference PluginService plugins, @Reference SeatService seats) {
        this.audit = audit;
        this.plugins = plugins;
        this.seats = seats;
    }

    @GET
    @Path("me")
    public Map<String, Object> me() {
        CallContext ctx = TenantContext.current();
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("login", ctx.principal());
        me.put("userId", ctx.userId());
        me.put("tenantId", ctx.tenantId());
        me.put("roles", ctx.roles());
        me.put("operator", ctx.operator());
        return me;
    }

    /** Needs no credentials. */
    @GET
    @Path("health")
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }

    /** Operator: every audit entry (the operator's and every company's), newest first, filtered as a company's trail is (see AuditResource). */
    @GET
    @Path("audit")
    public Page<AuditEntry> audit(@QueryParam("action") String action, @QueryParam("actor") String actor, @QueryParam("q") String q,
                                  @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("offset") Integer offset,
                                  @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        return Access.operator(() -> audit.listOperator(AuditResource.filter(action, actor, q, from, to), w[0], w[1]));
    }

    /** Operator: every plug-in, whatever its tenant. */
    @GET
    @Path("plugins")
    public List<PluginInfo> plugins() {
        return Access.operator(plugins::list);
    }

    @GET
    @Path("shared-pool")
    public Map<String, Integer> pool() {
        return Access.operator(() -> Map.of("size", seats.sharedPoolSize()));
    }

    @PUT
    @Path("shared-pool")
    public Map<String, Integer> resizePool(Bodies.PoolSize body) {
        Bodies.PoolSize req = Access.body(body);
        if (req.size() == null) {
            throw new ValidationException("required", "size is required", "size");
        }
        return Access.operator(() -> Map.of("size", seats.resizeSharedPool(req.size())));
    }

}
