package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Sse;
import io.seatline.rest.spi.Json;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.RealtimeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Real-time state of a tenant: a snapshot (queues and agents) and a push channel as server-sent events. The
 * stream starts with a {@code snapshot} event, then sends every agent-state and call event of the tenant (and
 * only of that tenant) as it happens, with a comment line every 15 s so dead clients are noticed.
 */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/realtime")
public class RealtimeResource implements RestResource {
    private final AcdService acd;
    private final RealtimeService realtime;

    @Activate
    public RealtimeResource(@Reference AcdService acd, @Reference RealtimeService realtime) {
        this.acd = acd;
        this.realtime = realtime;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> snapshot(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, this::snapshot);
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("queues", acd.queueStats());
        s.put("agents", acd.agentStatuses());
        return s;
    }

    /** The floor every 30 s over the last four hours, oldest first (the big screen's charts start from it). */
    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public List<io.seatline.telephony.FloorSample> history(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, acd::floorHistory);
    }

    @GET
    @Path("stream")
    @Produces("text/event-stream")
    @Answer(media = "text/event-stream")
    public Response stream(@PathParam("tenant") String tenant) {
        TenantContext.current().require(Roles.perm(tenant, "realtime", "read"));
        Map<String, Object> first = TenantContext.within(tenant, this::snapshot);
        // silent monitoring stays silent: only who may supervise hears of supervision
        boolean seesSupervision = TenantContext.current().isPermitted(Roles.perm(tenant, "calls", "supervise"));
        return Sse.stream(Json.MAPPER, List.of(new Sse.Frame("snapshot", first)), sink -> TenantContext.within(tenant, () -> realtime.subscribe(e -> {
            String topic = String.valueOf(e.get("topic"));
            if (!seesSupervision && (topic.endsWith("/SUPERVISED") || topic.endsWith("/SUPERVISION_ENDED"))) {
                return;
            }
            sink.accept(new Sse.Frame(topic.substring(topic.indexOf("telephony/") + 10).replace('/', '.'), e));
        })));
    }
}
