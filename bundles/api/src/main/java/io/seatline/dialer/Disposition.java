package io.seatline.dialer;

/**
 * A tenant's outcome code set by the agent in wrap-up.
 *
 * @param action DONE (final: sale, not interested, wrong number...), CALLBACK (needs {@code callbackAt}), MACHINE
 *               (answering machine: retried after the MACHINE delay), RETRY (retried after the NO_ANSWER delay) or DNC
 *               (final, and the number joins the tenant's DNC list)
 */
public record Disposition(String code, String label, String action) {
}
