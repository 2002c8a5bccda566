package io.seatline.security;

import java.time.Instant;

/** One admin action: who, for which tenant, what, when. */
public record AuditEntry(String id, String tenantId, String actor, String action, String target, String detail,
                         Instant at) {
}
