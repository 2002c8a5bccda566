package io.seatline.dialer;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Live figures of a campaign (since it was last started, except the abandon window figures).
 *
 * @param abandonRatePercent   abandoned / live answers over the campaign's abandon window
 * @param occupancy            fraction of the agents' logged-in time spent talking or in wrap-up since start
 * @param contactsRemaining    contacts that may still be dialled (now or later)
 * @param liveAnswerRate       running estimate of P(answered by a person)
 */
public record CampaignStats(String campaignId, String name, String mode, String status, String waiting, Instant since,
                            long dialled, long answered, long abandoned, long connected, int ringing,
                            long windowAnswered, long windowAbandoned, BigDecimal abandonRatePercent,
                            BigDecimal abandonTargetPercent, int agentsLoggedIn, int agentsReady, int agentsBusy,
                            BigDecimal occupancy, long contactsRemaining, double liveAnswerRate, double meanRingSeconds,
                            double meanHandleSeconds) {
}
