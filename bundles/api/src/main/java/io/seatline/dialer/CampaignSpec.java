package io.seatline.dialer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A campaign as written by a tenant admin; null fields take the defaults shown.
 *
 * @param mode                PREVIEW (the agent sees the record and clicks to dial), PROGRESSIVE (one call per ready
 *                            agent) or PREDICTIVE (paced); default PREDICTIVE
 * @param queue               the tenant queue answered calls are put in (its agents take them); required
 * @param agentUserIds        the agents who work the campaign; with {@code teamIds} empty too, every agent the queue's
 *                            skills admit
 * @param callerId            one of the tenant's DIDs (default: the tenant's first DID)
 * @param timezone            zone of contacts without one (default: the tenant's)
 * @param country             ISO country of numbers without a country code (default: from the tenant's locale, else CN)
 * @param windowFrom          calling window start in the contact's local time, "08:00"
 * @param windowTo            calling window end, "21:00"
 * @param days                MON..SUN the window is open (default all)
 * @param maxAttempts         attempts per contact (default 3)
 * @param retryMinutes        per outcome BUSY, NO_ANSWER, FAILED, MACHINE, CALLBACK, ABANDONED: minutes before the next
 *                            attempt (defaults 15, 120, 60, 240, 0; ABANDONED follows {@code abandonLockoutHours})
 * @param ringTimeoutSeconds  how long a customer's phone rings (default 25, at least 15)
 * @param abandonTargetPercent the abandon rate PREDICTIVE pacing keeps under (default 3.0, 0-100)
 * @param abandonWindow       ROLLING_30_DAYS (default) or DAY (the calendar day in {@code timezone})
 * @param abandonLockoutHours no redial of a number after an abandoned call for this long (default 72)
 * @param connectSeconds      an answered call that no agent takes within this is abandoned (default 2)
 * @param safeHarbourPrompt   what an abandoned customer hears (default the built-in "safe-harbour" prompt)
 * @param pacing              name of a plugged-in {@link PacingStrategy.Factory} of the tenant (default Seatline's)
 */
public record CampaignSpec(String name, String displayName, String mode, String queue, List<String> agentUserIds,
                           List<String> teamIds, String callerId, String timezone, String country, String windowFrom,
                           String windowTo, List<String> days, Integer maxAttempts, Map<String, Integer> retryMinutes,
                           Integer ringTimeoutSeconds, BigDecimal abandonTargetPercent, String abandonWindow,
                           Integer abandonLockoutHours, Integer connectSeconds, String safeHarbourPrompt, String pacing) {
}
