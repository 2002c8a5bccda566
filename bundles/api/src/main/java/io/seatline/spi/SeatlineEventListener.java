package io.seatline.spi;

import java.util.Map;

/**
 * Plug-in SPI: integrators register an implementation as an OSGi service (e.g. from a bundle dropped in
 * {@code deploy/}) and receive Seatline domain events. A service with a {@code tenant.id} property only
 * receives that tenant's events; without it, every tenant's. A listener that throws is logged and
 * isolated; it never affects the platform.
 */
public interface SeatlineEventListener {

    /** Service property that scopes a plug-in to one tenant. */
    String TENANT_ID = "tenant.id";

    /** Human name of the plug-in, shown in plug-in listings. */
    String name();

    /**
     * @param topic      EventAdmin topic, e.g. {@code io/seatline/seat/ASSIGNED}
     * @param properties event properties (see {@link io.seatline.core.SeatlineEvents})
     */
    void onEvent(String topic, Map<String, Object> properties);
}
