package io.seatline.telephony;

import java.time.Instant;

/**
 * A caller number blocked at the telephony entry point (nuisance callers).
 *
 * @param phone   E.164
 * @param scope   TENANT (blocks calls to that tenant's numbers) or OPERATOR (blocks calls to every tenant)
 * @param action  REJECT (SIP 603 Decline, no answer) or MESSAGE (answered, {@code prompt} played, then released)
 * @param prompt  the prompt a MESSAGE plays (the tenant's or a built-in one), null for REJECT
 * @param note    why, for whoever reads the list (any language)
 */
public record BlockedNumber(String phone, String scope, String action, String prompt, String note, String addedBy, Instant addedAt) {
}
