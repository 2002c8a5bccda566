package io.seatline.telephony;

import java.util.List;

/**
 * Inbound blacklist. A call from a blocked number to a tenant's DID is rejected (SIP 603) or answered with a message
 * and released, and still gets its CDR (disposition REJECTED, cause {@code blacklisted}). The tenant's list applies to
 * its own numbers; the operator's list to every tenant. Numbers are kept E.164 (the tenant's country completes a
 * national number). Changes are audited.
 */
public interface BlacklistService {

    /** The blocked numbers of the tenant in context (its own list only), newest first. */
    List<BlockedNumber> list();

    /** Blocks (or re-blocks with the new action) a number for the tenant in context. */
    BlockedNumber block(String phone, String action, String prompt, String note);

    /** 404 when the number is not on the tenant's list. */
    void unblock(String phone);

    /** The operator's list; operator only. */
    List<BlockedNumber> operatorList();

    /** Blocks a number for every tenant; operator only. */
    BlockedNumber blockForAll(String phone, String action, String prompt, String note);

    void unblockForAll(String phone);

    /**
     * The entry that blocks {@code caller} (as the SIP From user gives it) calling {@code tenantId}: the tenant's own
     * entry first, then the operator's; null when not blocked. A lookup in memory, for the call path; any context.
     */
    BlockedNumber match(String tenantId, String caller);
}
