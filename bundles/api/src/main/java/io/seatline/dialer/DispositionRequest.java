package io.seatline.dialer;

import java.time.LocalDateTime;

/**
 * What the agent sets in wrap-up for a campaign call: the code, an optional note, and for a callback the local time in
 * the contact's timezone and whether it is for this agent only.
 */
public record DispositionRequest(String callId, String contactId, String code, String note, LocalDateTime callbackAt,
                                 Boolean callbackSameAgent) {
}
