package io.seatline.telephony;

import java.util.List;

/** A trunk as written by the operator; {@code port} defaults to 5060, {@code transport} to UDP. */
public record TrunkSpec(String name, String host, Integer port, String transport, List<String> allowedSources,
                        String callerId, Boolean enabled) {
}
