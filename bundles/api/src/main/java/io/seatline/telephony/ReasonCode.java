package io.seatline.telephony;

/** A NOT_READY reason a tenant lets its agents choose; {@code system} ones (login, missed) are set by Seatline. */
public record ReasonCode(String code, String label, boolean system) {
}
