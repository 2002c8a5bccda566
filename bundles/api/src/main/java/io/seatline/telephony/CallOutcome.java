package io.seatline.telephony;

/**
 * The outcome filed on a call: its wrap-up disposition code and note, with the call's customer side.
 *
 * @param customerNumber the caller for an inbound call, the number called for an outbound one
 */
public record CallOutcome(String callId, String direction, String customerNumber, String code, String note) {
}
