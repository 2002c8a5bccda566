package io.seatline.dialer;

import java.time.LocalDateTime;

/**
 * What an agent files when it wraps up any call, from a campaign or not: the tenant's disposition code, an optional
 * note and, for a callback, when (local time in {@code callbackZone}, the customer's time zone; the tenant's when
 * absent) and whether only this agent may make it.
 *
 * @param customerId the customer the desk has open for the call (its history gets the outcome); when absent, the
 *                   customers with the call's number do
 */
public record WrapUpRequest(String callId, String code, String note, LocalDateTime callbackAt, String callbackZone,
                            Boolean callbackSameAgent, String customerId) {
}
