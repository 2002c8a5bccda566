package io.seatline.telephony;

import java.time.Instant;
import java.util.List;

/**
 * The one call detail record of a call. Durations are in milliseconds; {@code wrapUpMs} is filled in when the
 * agent's after-call work ends.
 *
 * @param disposition ANSWERED, ABANDONED, MAX_WAIT, FAILED, NO_ANSWER, BUSY, REJECTED
 * @param hangupCause who ended it and why, e.g. {@code customer_bye}, {@code agent_bye}, {@code caller_cancel}
 * @param recordingId the call's recording (GET .../recordings/{id}), or null
 * @param csatScore   the caller's post-call survey score 1-5, or null
 * @param csatStatus  SCORED or NO_RESPONSE when a survey was played, else null
 * @param ivrPath     the IVR nodes the caller went through, e.g. {@code hotline:main>2>consult}
 */
public record Cdr(String id, String tenantId, String direction, String from, String to, String did, String queue,
                  String agentUserId, String agentLogin, String seatId, Instant offeredAt, Instant answeredAt,
                  Instant endedAt, long waitMs, long talkMs, long holdMs, Long wrapUpMs, String disposition,
                  String hangupCause, int transfers, List<CdrLeg> legs, String recordingId,
                  Integer csatScore, String csatStatus, String ivrPath) {
}
