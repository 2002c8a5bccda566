package io.seatline.rest.spi;

import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import java.util.function.Supplier;

/**
 * What a resource does before calling a service: establish the caller's context for the tenant of the path. The
 * permission itself is checked by the service ({@code io.seatline.core.Permissions}), so a plug-in, the console and
 * a Camel route calling the same service meet the same rule.
 */
public final class Access {
    private Access() {}

    /** Runs {@code work} for tenant T on behalf of the caller. A tenant's user asking for another tenant gets 403. */
    public static <T> T inTenant(String tenant, Supplier<T> work) {
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
