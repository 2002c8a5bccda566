package io.seatline.telephony;

/**
 * States of an agent. LOGGED_OUT → NOT_READY(reason) / READY → RESERVED (phone ringing) → ON_CALL → WRAP_UP → READY.
 * Every transition is persisted with its timestamp and published as an event.
 */
public enum AgentState {
    LOGGED_OUT, NOT_READY, READY, RESERVED, ON_CALL, WRAP_UP;

    /** Whether an agent in this state counts as busy with a call (reserved, talking or in after-call work). */
    public boolean busy() {
        return this == RESERVED || this == ON_CALL || this == WRAP_UP;
    }
}
