package io.seatline.rest.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** Who am I: the authenticated caller, and a health probe that needs no credentials. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

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

    @GET
    @Path("health")
    public Map<String, String> health() {
        return Map.of("status", "UP");
    }
}
