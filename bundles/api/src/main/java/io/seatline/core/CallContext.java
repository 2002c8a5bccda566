package io.seatline.core;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who is calling and for which tenant. Immutable; installed for the duration of a unit of work by
 * {@link TenantContext}.
 *
 * @param principal  login of the caller (e.g. {@code admin@acme}, {@code operator}, {@code console:karaf})
 * @param userId     id of the caller's user, or null for system work (console, provisioning)
 * @param tenantId   tenant the work runs for; null only for operator work that is not tenant-scoped
 * @param roles      roles of the caller
 * @param operator   true when the caller holds the operator role (the only role that crosses tenants)
 * @param permission answers whether the caller holds a wildcard permission such as {@code tenant:acme:seats:write}
 * @param viaToken   signed in with an API token, not a password: it acts with the user's permissions but never changes
 *                   credentials (a leaked integration token must not become a permanent login)
 */
public record CallContext(String principal, String userId, String tenantId, Set<String> roles, boolean operator,
                          Predicate<String> permission, boolean viaToken) {

    /** A caller signed in with a password, or system work. */
    public CallContext(String principal, String userId, String tenantId, Set<String> roles, boolean operator,
                       Predicate<String> permission) {
        this(principal, userId, tenantId, roles, operator, permission, false);
    }

    public CallContext {
        Objects.requireNonNull(principal, "principal");
        roles = roles == null ? Set.of() : Collections.unmodifiableSet(roles);
        permission = permission == null ? p -> false : permission;
    }

    /** An operator context (crosses tenants explicitly) for system work such as provisioning. */
    public static CallContext operator(String principal) {
        return new CallContext(principal, null, null, Set.of(Roles.OPERATOR), true, p -> true);
    }

    /** The same caller, working inside {@code tenant}. */
    public CallContext withTenant(String tenant) {
        return new CallContext(principal, userId, tenant, roles, operator, permission, viaToken);
    }

    public boolean isPermitted(String perm) {
        return permission.test(perm);
    }

    /** @throws ForbiddenException unless the caller holds {@code perm} */
    public void require(String perm) {
        if (!isPermitted(perm)) {
            throw new ForbiddenException("forbidden", principal + " lacks permission " + perm);
        }
    }
}
