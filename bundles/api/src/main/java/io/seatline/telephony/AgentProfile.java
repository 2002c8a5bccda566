package io.seatline.telephony;

import java.util.Map;

/**
 * An agent's telephony profile: its SIP identity (unique across the installation, bound to the tenant), its
 * skills with levels (1–10), and an optional static contact for remote agents whose phone does not register.
 * {@code symmetricRtp} (the default): the phone may be behind NAT — its audio is sent back to where its RTP comes
 * from; false (strict): only to the address its SDP names.
 */
public record AgentProfile(String userId, String tenantId, String login, String sipUser, Map<String, Integer> skills,
                           String staticContact, boolean autoAnswer, boolean symmetricRtp) {
}
