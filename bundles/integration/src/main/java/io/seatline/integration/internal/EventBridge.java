package io.seatline.integration.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seatline.core.SeatlineEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries every Seatline EventAdmin event to the export route and to the plug-ins. */
@Component(property = EventConstants.EVENT_TOPIC + "=" + SeatlineEvents.ALL)
public class EventBridge implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridge.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference
    private PlatformCamel camel;
    @Reference
    private PluginRegistry plugins;

    @Override
    public void handleEvent(Event event) {
        Map<String, Object> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                props.put(name, event.getProperty(name));
            }
        }
        plugins.dispatch(event.getTopic(), props);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", event.getTopic());
        line.putAll(props);
        try {
            if (!camel.send(EventExportRoute.INPUT, JSON.writeValueAsString(line) + "\n")) {
                LOG.debug("Event export not running; dropped {}", event.getTopic());
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("Exporting event {} failed: {}", event.getTopic(), e.getMessage());
        }
    }
}
