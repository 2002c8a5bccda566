package io.seatline.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Plug-in SPI: picks which of the qualified, READY agents gets a call. Register an implementation as an OSGi
 * service with a {@code tenant.id} property (it then serves only that tenant) and name it in a queue's
 * {@code strategy}. It runs under the tenant's ACD lock: it must be fast and must not block. If it throws or
 * returns nothing valid, Seatline falls back to longest-idle.
 */
public interface RoutingStrategy {

    String TENANT_ID = "tenant.id";

    /** The name queues refer to. */
    String name();

    /**
     * @param candidates READY agents that have the queue's required skills; never empty
     * @return the index of the chosen candidate
     */
    int choose(Request request, List<Candidate> candidates);

    /** The call to route. */
    record Request(String tenantId, String queue, String callId, Map<String, Integer> requiredSkills) {
    }

    /** A READY, qualified agent. */
    record Candidate(String userId, String login, Map<String, Integer> skills, Instant idleSince, long callsHandled,
                     long lastOfferSeq) {
    }
}
