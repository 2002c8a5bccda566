package io.seatline.telephony;

import java.util.Map;

/**
 * Calls {@code number} through a trunk and, once it answers, bridges it to {@code target} (an agent or a queue).
 * {@code callerId} must be one of the tenant's DIDs (default: the tenant's first DID).
 *
 * @param connectWithinSeconds when set, an answered call that is not connected to an agent within this many seconds is
 *                             abandoned: the customer hears {@code abandonPrompt} (default the built-in
 *                             {@code safe-harbour}) and the call ends with disposition ABANDONED, cause {@code no_agent}
 *                             (the dialer's rule for predictive calls)
 */
public record OriginateRequest(String number, TransferTarget target, String callerId, Integer ringTimeoutSeconds,
                               Map<String, String> data, Integer connectWithinSeconds, String abandonPrompt) {

    public OriginateRequest(String number, TransferTarget target, String callerId, Integer ringTimeoutSeconds, Map<String, String> data) {
        this(number, target, callerId, ringTimeoutSeconds, data, null, null);
    }
}
