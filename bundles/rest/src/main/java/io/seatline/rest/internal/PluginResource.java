package io.seatline.rest.internal;

import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** Plug-ins serving a tenant: global ones and the tenant's own. */
@Path("/tenants/{tenant}/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {
    private final PluginService plugins;

    public PluginResource(PluginService plugins) {
        this.plugins = plugins;
    }

    @GET
    public List<PluginInfo> list(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, "plugins", "read", plugins::list);
    }
}
