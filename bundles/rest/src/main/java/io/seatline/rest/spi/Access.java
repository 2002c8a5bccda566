package io.seatline.rest.spi;

import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import java.util.function.Supplier;

/** Authorization helpers shared by the resources: check the permission, then run inside the tenant. */
public final class Access {
    private Access() {}

    /** Requires {@code tenant:T:area:action}, then runs {@code work} for tenant T. A tenant's user asking for another tenant gets 403. */
    public static <T> T inTenant(String tenant, String area, String action, Supplier<T> work) {
        TenantContext.current().require(Roles.perm(tenant, area, action));
        return TenantContext.within(tenant, work);
    }

    public static <T> T operator(Supplier<T> work) {
        TenantContext.requireOperator();
        return work.get();
    }

    public static <B> B body(B body) {
        if (body == null) {
            throw new ValidationException("body_required", "a JSON body is required", null);
        }
        return body;
    }
}
