package io.seatline.dialer;

import java.time.Instant;

/**
 * A campaign with every default resolved.
 *
 * @param status  STOPPED, RUNNING or PAUSED
 * @param waiting why a RUNNING campaign is not dialling now (no_agents, no_contacts, window_closed), else null
 */
public record Campaign(String id, CampaignSpec spec, String status, String waiting, Instant createdAt, Instant updatedAt) {
}
