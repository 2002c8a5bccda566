package io.seatline.telephony;

import java.util.List;

/** Calls of the tenant in context and their control. Every action is also published as an event. */
public interface CallService {

    /**
     * False while telephony refuses new calls because it drains for a restart of its SIP listener (a setting that binds
     * sockets changed): calls in progress go on; an originate would be refused with 503 {@code telephony_draining}. The
     * dialer launches nothing meanwhile. No permission needed: it says nothing about any tenant.
     */
    default boolean acceptingCalls() {
        return true;
    }

    List<CallInfo> calls();

    CallInfo call(String callId);

    /** Ends the call (both legs). */
    void hangup(String callId);

    /** Puts the customer on hold (re-INVITE, a=sendonly). */
    CallInfo hold(String callId);

    CallInfo resume(String callId);

    /** Blind transfer: the current agent leg ends, the customer goes to {@code target}; identity and data are kept. */
    CallInfo transfer(String callId, TransferTarget target);

    /** Attended transfer, step 1: the customer is held while the agent talks to {@code target}. */
    CallInfo consult(String callId, TransferTarget target);

    /** Attended transfer, step 2: the customer is connected to the consulted party; the first agent leaves. */
    CallInfo completeTransfer(String callId);

    /** Attended transfer abandoned: the consulted party is released and the customer resumed with the agent. */
    CallInfo cancelConsult(String callId);

    /** Outbound origination through a trunk, bridged to an agent or a queue once answered. */
    CallInfo originate(OriginateRequest request);

    /**
     * Files the outcome of a call (the wrap-up's disposition code and note) on its CDR: during the call (the CDR takes
     * it when written) or after it ended. An agent who was on the call may (calls:self); who holds calls:control may
     * for any call of the tenant. The last outcome filed wins (a transferred call's last agent usually files it).
     */
    CallOutcome fileOutcome(String callId, String code, String note);
}
