package io.seatline.dialer;

/**
 * A filed wrap-up: the outcome is on the call's CDR and in the customer's history.
 *
 * @param contact  for a campaign call, its contact after the outcome (a callback is then the campaign's to dial)
 * @param callback for any other call whose outcome asks for a callback, the callback scheduled; otherwise null
 */
public record WrapUp(String callId, String code, String label, String action, String note, Contact contact, Callback callback) {
}
