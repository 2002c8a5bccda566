package io.seatline.telephony;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Post-call satisfaction of a tenant's calls in a period, for QA and reports: over all surveyed calls, per agent
 * and per queue. A caller who pressed no valid key counts as a no-response, never as a score.
 *
 * @param surveyed   calls whose caller was asked
 * @param scored     calls with a score 1-5
 * @param noResponse calls without one
 * @param average    mean score (2 decimals), null without scores
 * @param scores     how many calls got each score, "1" to "5"
 */
public record CsatSummary(Instant from, Instant to, long surveyed, long scored, long noResponse, BigDecimal average,
                          Map<String, Long> scores, List<Group> byAgent, List<Group> byQueue) {

    /** One agent's or one queue's figures; {@code key} is the agent's user id or the queue's name. */
    public record Group(String key, String label, long surveyed, long scored, long noResponse, BigDecimal average) {
    }
}
