package io.seatline.tenancy.internal;

import io.seatline.core.CallContext;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Publishes tenancy events; called only after the change has committed. */
final class TenancyEvents {
    private TenancyEvents() {}

    static void post(EventAdmin eventAdmin, String topic, String tenantId, Map<String, Object> extra) {
        if (eventAdmin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>(extra);
        String type = topic.substring(topic.lastIndexOf('/') + 1);
        props.put(SeatlineEvents.TENANT_ID, tenantId);
        props.put(SeatlineEvents.TYPE, type);
        props.put(SeatlineEvents.AT, Instant.now().toString());
        CallContext ctx = TenantContext.peek();
        props.put(SeatlineEvents.ACTOR, ctx == null ? "system" : ctx.principal());
        eventAdmin.postEvent(new Event(topic, props));
    }
}
