package io.seatline.telephony;

import java.util.Map;
import java.util.function.Consumer;

/** Push channel of a tenant's live changes (agent states, queue figures, calls). */
public interface RealtimeService {

    /**
     * Subscribes to the events of the tenant in context; {@code listener} gets the event type and its properties.
     * Close the returned handle to stop.
     */
    AutoCloseable subscribe(Consumer<Map<String, Object>> listener);
}
