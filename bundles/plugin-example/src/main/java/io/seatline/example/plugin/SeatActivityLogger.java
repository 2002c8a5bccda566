package io.seatline.example.plugin;

import io.seatline.spi.SeatlineEventListener;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An integrator's plug-in, scoped to tenant {@code acme} by its {@code tenant.id} service property: it only ever
 * sees acme's events, and logs each seat login and logout. Real plug-ins would call a CRM or a webhook here. It keeps
 * the last {@value #KEEP} seat events, which {@link SeatActivityResource} serves at
 * {@code /api/v1/tenants/acme/seat-activity}.
 */
@Component(service = {SeatlineEventListener.class, SeatActivityLogger.class}, property = SeatlineEventListener.TENANT_ID + "=" + SeatActivityLogger.TENANT)
public class SeatActivityLogger implements SeatlineEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(SeatActivityLogger.class);
    /** The one tenant this plug-in serves. */
    static final String TENANT = "acme";
    static final int KEEP = 100;

    /** One seat event as the plug-in saw it. */
    public record Activity(Instant at, String type, String seatId, String userId) {
    }

    private final Deque<Activity> recent = new ArrayDeque<>();

    @Override
    public String name() {
        return "acme-seat-activity-logger";
    }

    @Override
    public void onEvent(String topic, Map<String, Object> properties) {
        if (topic.startsWith("io/seatline/seat/")) {
            LOG.info("[acme plug-in] {} seat={} user={}", properties.get("type"), properties.get("seat.id"), properties.get("user.id"));
            Activity a = new Activity(Instant.now(), String.valueOf(properties.get("type")), (String) properties.get("seat.id"),
                (String) properties.get("user.id"));
            synchronized (recent) {
                recent.addFirst(a);
                while (recent.size() > KEEP) {
                    recent.removeLast();
                }
            }
        }
    }

    /** The seat events seen, newest first. */
    List<Activity> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
