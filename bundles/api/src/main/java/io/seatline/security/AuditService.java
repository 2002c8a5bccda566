package io.seatline.security;

import io.seatline.core.Page;

/** The audit trail. Entries are written in the caller's context and are never changed. */
public interface AuditService {

    /** Records an action by the current caller for the tenant in context (null tenant for operator-level). */
    void record(String action, String target, String detail);

    /** Entries of the tenant in context, newest first. */
    Page<AuditEntry> list(int offset, int limit);

    /** Operator-level entries (no tenant), newest first; operator only. */
    Page<AuditEntry> listOperator(int offset, int limit);
}
