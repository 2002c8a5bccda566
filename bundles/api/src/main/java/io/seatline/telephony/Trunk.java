package io.seatline.telephony;

import java.util.List;

/**
 * A SIP trunk of the operator: where outbound calls go ({@code host:port} over {@code transport}), which source
 * addresses may deliver inbound calls (IP, {@code IP:port} or CIDR), and the caller id used outbound when a
 * tenant has none of its own.
 */
public record Trunk(String id, String name, String host, int port, String transport, List<String> allowedSources,
                    String callerId, boolean enabled) {
}
