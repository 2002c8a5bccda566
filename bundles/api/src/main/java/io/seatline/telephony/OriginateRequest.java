package io.seatline.telephony;

import java.util.Map;

/**
 * Calls {@code number} through a trunk and, once it answers, bridges it to {@code target} (an agent or a queue).
 * {@code callerId} must be one of the tenant's DIDs (default: the tenant's first DID).
 */
public record OriginateRequest(String number, TransferTarget target, String callerId, Integer ringTimeoutSeconds,
                               Map<String, String> data) {
}
