package io.seatline.dialer;

import java.time.Instant;

/**
 * A campaign with every default resolved.
 *
 * @param status  STOPPED, RUNNING or PAUSED
 * @param waiting why a RUNNING campaign is not dialling now, else null: no_agents (none logged in), no_contacts (every
 *                contact is done), nothing_due (contacts wait for their calling window, retry delay, lock-out or
 *                callback), no_trunk / invalid_caller_id (telephony refused the calls)
 */
public record Campaign(String id, CampaignSpec spec, String status, String waiting, Instant createdAt, Instant updatedAt) {
}
