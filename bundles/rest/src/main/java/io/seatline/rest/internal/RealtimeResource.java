package io.seatline.rest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.RealtimeService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

/**
 * Real-time state of a tenant: a snapshot (queues and agents) and a push channel as server-sent events. The
 * stream starts with a {@code snapshot} event, then sends every agent-state and call event of the tenant (and
 * only of that tenant) as it happens, with a comment line every 15 s so dead clients are noticed.
 */
@Path("/tenants/{tenant}/realtime")
public class RealtimeResource {
    private static final int MAX_BUFFERED = 10_000;
    private final AcdService acd;
    private final RealtimeService realtime;
    private final ObjectMapper mapper;

    public RealtimeResource(AcdService acd, RealtimeService realtime, ObjectMapper mapper) {
        this.acd = acd;
        this.realtime = realtime;
        this.mapper = mapper;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> snapshot(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, "realtime", "read", this::snapshot);
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("queues", acd.queueStats());
        s.put("agents", acd.agentStatuses());
        return s;
    }

    @GET
    @Path("stream")
    @Produces("text/event-stream")
    public Response stream(@PathParam("tenant") String tenant) {
        TenantContext.current().require(Roles.perm(tenant, "realtime", "read"));
        BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>(MAX_BUFFERED);
        AtomicLong dropped = new AtomicLong();
        Map<String, Object> first = TenantContext.within(tenant, this::snapshot);
        // silent monitoring stays silent: only who may supervise hears of supervision
        boolean seesSupervision = TenantContext.current().isPermitted(Roles.perm(tenant, "calls", "supervise"));
        AutoCloseable subscription = TenantContext.within(tenant, () -> realtime.subscribe(e -> {
            String topic = String.valueOf(e.get("topic"));
            if (!seesSupervision && (topic.endsWith("/SUPERVISED") || topic.endsWith("/SUPERVISION_ENDED"))) {
                return;
            }
            if (!events.offer(e)) {
                dropped.incrementAndGet(); // a client too slow to read: it loses events, the node does not block
            }
        }));
        StreamingOutput body = out -> {
            try {
                write(out, "snapshot", 0, first);
                long id = 1;
                while (true) {
                    Map<String, Object> e = events.poll(15, TimeUnit.SECONDS);
                    if (e == null) {
                        out.write((": keep-alive dropped=" + dropped.get() + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        continue;
                    }
                    String topic = String.valueOf(e.get("topic"));
                    write(out, topic.substring(topic.indexOf("telephony/") + 10).replace('/', '.'), id++, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // client went away
            } finally {
                try {
                    subscription.close();
                } catch (Exception ignored) {
                    // nothing to do
                }
            }
        };
        return Response.ok(body, "text/event-stream").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no").build();
    }

    private void write(OutputStream out, String event, long id, Object data) throws IOException {
        String frame = "id: " + id + "\nevent: " + event + "\ndata: " + mapper.writeValueAsString(data) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
