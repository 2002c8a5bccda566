package io.seatline.example.plugin;

import io.seatline.spi.SeatlineEventListener;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An integrator's plug-in, scoped to tenant {@code acme} by its {@code tenant.id} service property: it only ever
 * sees acme's events, and logs each seat login and logout. Real plug-ins would call a CRM or a webhook here.
 */
@Component(property = SeatlineEventListener.TENANT_ID + "=acme")
public class SeatActivityLogger implements SeatlineEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(SeatActivityLogger.class);

    @Override
    public String name() {
        return "acme-seat-activity-logger";
    }

    @Override
    public void onEvent(String topic, Map<String, Object> properties) {
        if (topic.startsWith("io/seatline/seat/")) {
            LOG.info("[acme plug-in] {} seat={} user={}", properties.get("type"), properties.get("seat.id"), properties.get("user.id"));
        }
    }
}
