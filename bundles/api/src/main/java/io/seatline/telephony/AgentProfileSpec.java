package io.seatline.telephony;

import java.util.Map;

/**
 * What a tenant admin sets for an agent. {@code sipPassword} is only stored as a digest hash (HA1) and may be
 * left out on update to keep the old one. {@code symmetricRtp} defaults to true (phones behind NAT are heard).
 */
public record AgentProfileSpec(String sipUser, String sipPassword, Map<String, Integer> skills, String staticContact,
                               Boolean autoAnswer, Boolean symmetricRtp) {
}
