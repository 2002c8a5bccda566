package io.seatline.core;

/**
 * The one way a Seatline service checks what its caller may do, at the service boundary: every method of an API
 * service starts with one of these, so a REST request, a console command, a Camel route and a plug-in calling the
 * service in Java meet the same rule. Permissions are Shiro wildcard strings {@code tenant:T:area:action} for the
 * tenant of the current {@link TenantContext}; an operator context holds all of them. No context, or a context
 * without a tenant, is refused (fail closed): it never means "all tenants".
 */
public final class Permissions {
    private Permissions() {
    }

    /**
     * @throws ForbiddenException unless the caller holds {@code area:action} in the current tenant
     * @throws NoTenantContextException without a context, or for a non-operator without a tenant
     */
    public static void require(String area, String action) {
        if (!has(area, action)) {
            CallContext ctx = TenantContext.current();
            throw new ForbiddenException("forbidden", ctx.principal() + " lacks permission " + Roles.perm(ctx.tenantId(), area, action));
        }
    }

    /**
     * Whether the caller holds {@code area:action} in the current tenant. An operator holds every permission, also
     * outside a tenant (its own users, the shared pool): what it then reaches is decided by the service's scoping
     * ({@code Jpa.operator}), never by an absent tenant meaning "all".
     */
    public static boolean has(String area, String action) {
        CallContext ctx = TenantContext.current();
        if (ctx.operator()) {
            return true;
        }
        String tenant = TenantContext.requireTenant();
        return ctx.isPermitted(Roles.perm(tenant, area, action));
    }

    /**
     * Requires one of several permissions, each written {@code area:action} (e.g. a real-time view open to whoever
     * may read agents or the wallboard).
     */
    public static void requireAny(String... areaActions) {
        CallContext ctx = TenantContext.current();
        if (ctx.operator()) {
            return;
        }
        String tenant = TenantContext.requireTenant();
        for (String p : areaActions) {
            int colon = p.indexOf(':');
            if (ctx.isPermitted(Roles.perm(tenant, p.substring(0, colon), p.substring(colon + 1)))) {
                return;
            }
        }
        throw new ForbiddenException("forbidden", ctx.principal() + " lacks one of " + String.join(", ", areaActions) + " in " + tenant);
    }

    /**
     * Work on one user's own things: {@code area:action} for anybody's, or {@code area:self} when {@code userId} is
     * the caller's own user.
     */
    public static void requireSelfOr(String userId, String area, String action) {
        if (has(area, action)) {
            return;
        }
        CallContext ctx = TenantContext.current();
        if (userId != null && userId.equals(ctx.userId()) && has(area, "self")) {
            return;
        }
        throw new ForbiddenException("forbidden", ctx.principal() + " lacks permission " + Roles.perm(ctx.tenantId(), area, action));
    }

    /**
     * Runs {@code work} as the named service inside the current tenant, on behalf of the caller: for a service that
     * has checked its caller's own permission and now reads another capability's data that the result needs (QA's
     * call view reading the CDR and CRM, a ticket's SLA reading the tenant's business calendar). The context is an
     * operator's confined to the caller's tenant and named {@code service:principal} in audit trails. Never for work
     * the caller asked for directly: that goes through the caller's own permissions.
     *
     * @throws NoTenantContextException outside a tenant
     */
    public static <T> T asService(String service, java.util.function.Supplier<T> work) {
        CallContext caller = TenantContext.current();
        String tenant = TenantContext.requireTenant();
        return TenantContext.call(CallContext.operator(service + ":" + caller.principal()).withTenant(tenant), work);
    }

    /** Whether {@code userId} is the caller's own user. */
    public static boolean isSelf(String userId) {
        CallContext ctx = TenantContext.peek();
        return ctx != null && userId != null && userId.equals(ctx.userId());
    }
}
