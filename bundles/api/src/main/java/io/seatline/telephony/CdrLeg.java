package io.seatline.telephony;

import java.time.Instant;

/**
 * One SIP leg of a call: the customer's, each agent's (ringing, answered or missed), an external party's.
 *
 * @param kind   CUSTOMER, AGENT, EXTERNAL, CONSULT
 * @param result ANSWERED, NO_ANSWER, REJECTED, CANCELLED, FAILED
 */
public record CdrLeg(int legNo, String kind, String party, String sipCallId, Instant startedAt, Instant answeredAt,
                     Instant endedAt, String result, int sipStatus) {
}
