package io.seatline.telephony;

import java.util.List;

/**
 * A SIP trunk of the operator: where outbound calls go ({@code host:port} over {@code transport}), which source
 * addresses may deliver inbound calls (IP, {@code IP:port} or CIDR), and the caller id used outbound when a
 * tenant has none of its own. {@code symmetricRtp}: the carrier (or its SBC) is behind NAT — Seatline sends each
 * party's audio back to where that party's RTP comes from (latched on its first packet from the SDP's address or the
 * signalling address), not to the address its SDP names; off (strict), only the SDP's address is used.
 */
public record Trunk(String id, String name, String host, int port, String transport, List<String> allowedSources,
                    String callerId, boolean enabled, boolean symmetricRtp) {
}
