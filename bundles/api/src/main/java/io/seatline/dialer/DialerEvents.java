package io.seatline.dialer;

/** EventAdmin topics of the dialer; events carry the common keys of {@link io.seatline.core.SeatlineEvents}. */
public final class DialerEvents {
    public static final String TOPIC = "io/seatline/dialer/";
    /** STARTED, PAUSED, STOPPED, WAITING: campaign.id, status, waiting */
    public static final String CAMPAIGN = TOPIC + "campaign/";
    /** Once a second per running campaign: the {@link CampaignStats} fields. */
    public static final String STATS = TOPIC + "STATS";
    /**
     * DIALLED, ANSWERED, ABANDONED, ENDED: campaign.id, contact.id, call.id, outcome; DISPOSED (the agent's disposition):
     * campaign.id, contact.id, call.id, phone, code, label, note, by
     */
    public static final String ATTEMPT = TOPIC + "attempt/";
    /** Call data keys an originated campaign call carries (also on its call events). */
    public static final String DATA_CAMPAIGN = "dialer.campaign";
    public static final String DATA_CONTACT = "dialer.contact";
    public static final String DATA_ATTEMPT = "dialer.attempt";

    private DialerEvents() {}
}
