package io.seatline.tenancy.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.security.AuditService;

/** Records an admin action against the tenant it concerns, so that tenant's admins see it too. */
final class Audit {
    private Audit() {}

    static void record(AuditService audit, String tenantId, String action, String target, String detail) {
        CallContext ctx = TenantContext.current();
        TenantContext.run(tenantId == null ? ctx : ctx.withTenant(tenantId), () -> audit.record(action, target, detail));
    }
}
