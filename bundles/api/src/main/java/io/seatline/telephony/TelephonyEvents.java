package io.seatline.telephony;

/** EventAdmin topics of telephony; events carry the common keys of {@link io.seatline.core.SeatlineEvents}. */
public final class TelephonyEvents {
    public static final String AGENT_TOPIC = "io/seatline/telephony/agent/";
    public static final String CALL_TOPIC = "io/seatline/telephony/call/";
    /**
     * STATE_CHANGED: user.id, state, previous, reason, call.id, state.at (the change's time, ISO-8601, as its persisted
     * row has it; the row is committed shortly after the event)
     */
    public static final String AGENT_STATE = AGENT_TOPIC + "STATE_CHANGED";
    /** OFFERED, QUEUED, RINGING, ANSWERED, HELD, RESUMED, TRANSFERRED, ABANDONED, ENDED: call.id, queue, agent... */
    public static final String CALL_ALL = CALL_TOPIC + "*";
    /** WRITTEN: call.id — the call's CDR is committed (read it with CdrService.get). */
    public static final String CDR_WRITTEN = "io/seatline/telephony/cdr/WRITTEN";

    /**
     * ALERT: something an operator must act on — kind (RECORDING_FAILED), reason (DISK_FULL, WRITE_FAILED), call.id,
     * recording.id, and the tenant's id. Also published to the tenant as the call event RECORDING_FAILED.
     */
    public static final String ALERT = "io/seatline/telephony/ALERT";

    private TelephonyEvents() {}
}
