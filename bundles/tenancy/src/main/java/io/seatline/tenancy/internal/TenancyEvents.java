package io.seatline.tenancy.internal;

import io.seatline.core.CallContext;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import java.time.Instant;
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
        CallContext ctx = TenantContext.peek();
        eventAdmin.postEvent(new Event(topic, SeatlineEvents.properties(topic, tenantId, ctx == null ? "system" : ctx.principal(), Instant.now(),
            extra)));
    }
}
