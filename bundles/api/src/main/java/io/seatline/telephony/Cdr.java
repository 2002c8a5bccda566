package io.seatline.telephony;

import java.time.Instant;
import java.util.List;

/**
 * The one call detail record of a call. Durations are in milliseconds; {@code wrapUpMs} is filled in when the
 * agent's after-call work ends.
 *
 * @param disposition ANSWERED, ABANDONED, MAX_WAIT, FAILED, NO_ANSWER, BUSY, REJECTED
 * @param hangupCause who ended it and why, e.g. {@code customer_bye}, {@code agent_bye}, {@code caller_cancel}
 */
public record Cdr(String id, String tenantId, String direction, String from, String to, String did, String queue,
                  String agentUserId, String agentLogin, String seatId, Instant offeredAt, Instant answeredAt,
                  Instant endedAt, long waitMs, long talkMs, long holdMs, Long wrapUpMs, String disposition,
                  String hangupCause, int transfers, List<CdrLeg> legs) {
}
