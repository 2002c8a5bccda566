package io.seatline.core;

/**
 * EventAdmin topics and property keys of Seatline domain events. Every event carries
 * {@link #TENANT_ID}, {@link #TYPE}, {@link #AT} (ISO-8601 instant) and {@link #ACTOR}.
 */
public final class SeatlineEvents {
    public static final String TOPIC_ROOT = "io/seatline/";
    public static final String TENANT_TOPIC = "io/seatline/tenant/";
    public static final String SEAT_TOPIC = "io/seatline/seat/";
    public static final String ALL = "io/seatline/*";

    public static final String TENANT_ID = "tenant.id";
    public static final String TYPE = "type";
    public static final String AT = "at";
    public static final String ACTOR = "actor";

    private SeatlineEvents() {}

    /**
     * {@code extra} plus the keys every event carries: {@link #TENANT_ID}, {@link #TYPE} (the topic's last segment),
     * {@link #AT} and {@link #ACTOR}. The map is a new, mutable one.
     */
    public static java.util.Map<String, Object> properties(String topic, String tenantId, String actor, java.time.Instant at,
                                                           java.util.Map<String, Object> extra) {
        java.util.Map<String, Object> p = new java.util.HashMap<>(extra);
        p.put(TENANT_ID, tenantId);
        p.put(TYPE, topic.substring(topic.lastIndexOf('/') + 1));
        p.put(AT, at.toString());
        p.put(ACTOR, actor);
        return p;
    }
}
