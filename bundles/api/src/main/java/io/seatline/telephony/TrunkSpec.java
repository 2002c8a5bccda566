package io.seatline.telephony;

import java.util.List;

/**
 * A trunk as written by the operator; {@code port} defaults to 5060, {@code transport} to UDP, {@code symmetricRtp}
 * (NAT: send audio back to where the carrier's RTP comes from) to false.
 */
public record TrunkSpec(String name, String host, Integer port, String transport, List<String> allowedSources,
                        String callerId, Boolean enabled, Boolean symmetricRtp) {
}
