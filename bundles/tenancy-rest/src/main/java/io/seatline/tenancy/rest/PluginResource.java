package io.seatline.tenancy.rest;

import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.spi.PluginInfo;
import io.seatline.spi.PluginService;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** Plug-ins serving a tenant: global ones and the tenant's own. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource implements RestResource {
    private final PluginService plugins;

    @Activate
    public PluginResource(@Reference PluginService plugins) {
        this.plugins = plugins;
    }

    @GET
    public List<PluginInfo> list(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, plugins::list);
    }
}
