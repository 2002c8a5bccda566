package io.seatline.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.Set;
import org.junit.Test;

public class TenantContextTest {
    private static CallContext user(String tenant) {
        return new CallContext("admin@" + tenant, "u1", tenant, Set.of(Roles.TENANT_ADMIN), false, p -> p.startsWith("tenant:" + tenant + ":"));
    }

    @Test
    public void noContextFailsClosed() {
        assertNull(TenantContext.peek());
        assertThrows(NoTenantContextException.class, TenantContext::current);
        assertThrows(NoTenantContextException.class, TenantContext::requireTenant);
        assertThrows(NoTenantContextException.class,
            () -> TenantContext.run(CallContext.operator("op"), TenantContext::requireTenant));
    }

    @Test
    public void contextsNestAndAreRestoredEvenOnFailure() {
        TenantContext.run(user("acme"), () -> {
            assertThrows(IllegalStateException.class, () -> TenantContext.run(user("globex"), () -> {
                assertEquals("globex", TenantContext.requireTenant());
                throw new IllegalStateException("boom");
            }));
            assertEquals("acme", TenantContext.requireTenant());
        });
        assertNull(TenantContext.peek());
    }

    @Test
    public void onlyTheOperatorEntersAnotherTenant() {
        TenantContext.run(user("acme"), () -> {
            assertEquals("acme", TenantContext.within("acme", TenantContext::requireTenant));
            assertThrows(ForbiddenException.class, () -> TenantContext.within("globex", TenantContext::requireTenant));
            assertThrows(ForbiddenException.class, TenantContext::requireOperator);
            TenantContext.current().require("tenant:acme:seats:write");
            assertThrows(ForbiddenException.class, () -> TenantContext.current().require("tenant:globex:seats:read"));
        });
        TenantContext.run(CallContext.operator("op"), () ->
            assertEquals("globex", TenantContext.within("globex", TenantContext::requireTenant)));
    }
}
