package io.seatline.security;

import io.seatline.core.Page;

/** The audit trail. Entries are written in the caller's context and are never changed. */
public interface AuditService {

    /** Records an action by the current caller for the tenant in context (null tenant for operator-level). */
    void record(String action, String target, String detail);

    /**
     * What to look for in an audit trail, each part optional: actions starting with {@code action} ("billing."),
     * actors containing {@code actor}, a target or detail containing {@code text}, and a time window [from, to).
     */
    record Filter(String action, String actor, String text, java.time.Instant from, java.time.Instant to) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }

    /** Entries of the tenant in context matching {@code filter}, newest first. */
    Page<AuditEntry> list(Filter filter, int offset, int limit);

    /** Every entry — the operator's and every tenant's — matching {@code filter}, newest first; operator only. */
    Page<AuditEntry> listOperator(Filter filter, int offset, int limit);

    /** Entries of the tenant in context, newest first. */
    default Page<AuditEntry> list(int offset, int limit) {
        return list(Filter.ALL, offset, limit);
    }

    /** Every entry — the operator's and every tenant's — newest first; operator only. */
    default Page<AuditEntry> listOperator(int offset, int limit) {
        return listOperator(Filter.ALL, offset, limit);
    }
}
