package io.seatline.core;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The call context every service call runs in. Tenant-scoped services read the tenant from here;
 * with no context they throw {@link NoTenantContextException} (fail closed).
 *
 * <p>Contexts nest: {@link #call} installs a context and restores the previous one in {@code finally}.
 */
public final class TenantContext {
    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    private TenantContext() {}

    /** Runs {@code work} with {@code ctx} installed, restoring the previous context afterwards. */
    public static <T> T call(CallContext ctx, Supplier<T> work) {
        try {
            return callChecked(ctx, work::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // unreachable: a Supplier throws no checked exception
        }
    }

    public static void run(CallContext ctx, Runnable work) {
        call(ctx, () -> { work.run(); return null; });
    }

    /** Like {@link #call} for work that throws checked exceptions. */
    public static <T> T callChecked(CallContext ctx, Callable<T> work) throws Exception {
        Objects.requireNonNull(ctx, "ctx");
        CallContext previous = CURRENT.get();
        CURRENT.set(ctx);
        try {
            return work.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Runs {@code work} for tenant {@code tenantId} on behalf of the current caller: the operator may enter
     * any tenant; anyone else only their own.
     *
     * @throws ForbiddenException when a non-operator asks for another tenant
     */
    public static <T> T within(String tenantId, Supplier<T> work) {
        CallContext ctx = current();
        if (!ctx.operator() && !Objects.equals(ctx.tenantId(), tenantId)) {
            throw new ForbiddenException("forbidden_tenant", ctx.principal() + " may not act for tenant " + tenantId);
        }
        return call(ctx.withTenant(tenantId), work);
    }

    /** @throws NoTenantContextException when no context is installed */
    public static CallContext current() {
        CallContext ctx = CURRENT.get();
        if (ctx == null) {
            throw new NoTenantContextException("No call context: tenant-scoped work needs a tenant context");
        }
        return ctx;
    }

    /** The tenant the current work is for. @throws NoTenantContextException when there is none */
    public static String requireTenant() {
        String tenant = current().tenantId();
        if (tenant == null) {
            throw new NoTenantContextException("No tenant in context: tenant-scoped work refused (fail closed)");
        }
        return tenant;
    }

    /** @throws ForbiddenException unless the current caller is the operator */
    public static CallContext requireOperator() {
        CallContext ctx = current();
        if (!ctx.operator()) {
            throw new ForbiddenException("operator_only", "Only the operator may do this");
        }
        return ctx;
    }

    /** The current context or null; for diagnostics and audit only — never to decide scope. */
    public static CallContext peek() {
        return CURRENT.get();
    }
}
