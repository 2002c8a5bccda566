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
}
