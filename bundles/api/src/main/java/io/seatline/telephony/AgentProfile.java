package io.seatline.telephony;

import java.util.Map;

/**
 * An agent's telephony profile: its SIP identity (unique across the installation, bound to the tenant), its
 * skills with levels (1–10), and an optional static contact for remote agents whose phone does not register.
 */
public record AgentProfile(String userId, String tenantId, String login, String sipUser, Map<String, Integer> skills,
                           String staticContact, boolean autoAnswer) {
}
