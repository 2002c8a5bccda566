package io.seatline.security.internal;

import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotAuthenticatedException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.security.AuditService;
import io.seatline.security.AuthService;
import io.seatline.security.PasswordHasher;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantStatus;
import io.seatline.tenancy.UserCredentials;
import io.seatline.tenancy.UserService;
import java.time.Duration;
import java.time.Instant;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.mgt.DefaultSecurityManager;
import org.apache.shiro.subject.PrincipalCollection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and authorization through Apache Shiro. After {@code maxFailedLogins} consecutive failures an
 * account is locked for {@code lockMinutes}; while locked even the right password is refused.
 */
@Component(service = AuthService.class, configurationPid = "seatline.security")
@Designate(ocd = SecurityConfig.class)
public class AuthServiceImpl implements AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthServiceImpl.class);
    private static final CallContext SYSTEM = CallContext.operator("security");


    @Reference
    private UserService users;
    @Reference
    private io.seatline.tenancy.TenantDirectory tenants;
    @Reference
    private PasswordHasher hasher;
    @Reference
    private AuditService audit;
    @Reference
    private TokenServiceImpl tokens;

    private DefaultSecurityManager securityManager;
    private String dummyHash;
    private int maxFailed;
    private Duration lock;

    @Activate
    void activate(SecurityConfig config) {
        SeatlineRealm realm = new SeatlineRealm(
            login -> TenantContext.call(SYSTEM, () -> users.credentials(login).orElse(null)), hasher);
        securityManager = new DefaultSecurityManager(realm);
        dummyHash = hasher.hash("seatline-dummy-password-for-timing");
        configure(config);
    }

    @Modified
    void configure(SecurityConfig config) {
        maxFailed = Math.max(1, config.maxFailedLogins());
        lock = Duration.ofMinutes(Math.max(1, config.lockMinutes()));
    }

    @Override
    public CallContext authenticate(String login, String password) {
        if (login == null || login.isBlank() || password == null) {
            throw new NotAuthenticatedException("unauthenticated", "credentials required");
        }
        UserCredentials c = TenantContext.call(SYSTEM, () -> users.credentials(login).orElse(null));
        if (c == null) {
            // Same answer, and the same slow hash, as a wrong password: neither reveals which logins exist.
            hasher.verify(password, dummyHash);
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        Instant now = Instant.now();
        if (SeatlineRealm.locked(c, now)) {
            auditFor(c, "login.refused", "account locked until " + c.lockedUntil());
            throw locked(login, c.lockedUntil());
        }
        // A suspended or closed tenant answers the same whatever the password: 403 for a right one and 401 for a wrong
        // one would make its logins a password oracle. Its users' failures are not counted either.
        ForbiddenException inactive = inactiveTenant(c.tenantId(), login);
        AuthenticationInfo info;
        try {
            info = securityManager.authenticate(new UsernamePasswordToken(login, password));
        } catch (AuthenticationException e) {
            if (inactive != null) {
                throw inactive;
            }
            Instant lockedUntil = TenantContext.call(SYSTEM, () -> users.recordLoginFailure(c.userId(), maxFailed, lock));
            auditFor(c, lockedUntil != null ? "login.locked" : "login.failed", "failed login of " + login);
            if (lockedUntil != null) {
                LOG.warn("Account {} locked until {} after {} failed logins", login, lockedUntil, maxFailed);
                throw locked(login, lockedUntil);
            }
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        if (!c.enabled()) {
            // A disabled account answers like a wrong password: a 403 here would confirm the password.
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        if (inactive != null) {
            throw inactive;
        }
        // Only after failures is there anything to reset: a clean account costs no write per request.
        if (c.failedLogins() > 0 || c.lockedUntil() != null) {
            Instant stillLocked = TenantContext.call(SYSTEM, () -> users.recordLoginSuccess(c.userId()));
            if (stillLocked != null) {
                throw locked(login, stillLocked);
            }
        }
        return context(info.getPrincipals());
    }

    @Override
    public CallContext authenticateToken(String token) {
        UserCredentials c = tokens.resolve(token);
        if (c == null) {
            throw new NotAuthenticatedException("invalid_token", "invalid, expired or revoked API token");
        }
        if (!c.enabled()) {
            throw new ForbiddenException("user_disabled", "user " + c.login() + " is disabled");
        }
        requireActiveTenant(c.tenantId(), c.login());
        CallContext ctx = context(new org.apache.shiro.subject.SimplePrincipalCollection(
            new SeatlinePrincipal(c.userId(), c.login(), c.tenantId(), c.roles()), "seatline"));
        return new CallContext(ctx.principal(), ctx.userId(), ctx.tenantId(), ctx.roles(), ctx.operator(), ctx.permission(), true);
    }

    private static NotAuthenticatedException locked(String login, Instant until) {
        return new NotAuthenticatedException("account_locked", "account " + login
            + " is locked after repeated failed logins; try again after " + until);
    }

    private void requireActiveTenant(String tenantId, String login) {
        ForbiddenException e = inactiveTenant(tenantId, login);
        if (e != null) {
            throw e;
        }
    }

    /** Why a user of this tenant cannot log in now (the tenant is not ACTIVE or is gone), or null. */
    private ForbiddenException inactiveTenant(String tenantId, String login) {
        if (tenantId == null) {
            return null;
        }
        Tenant t;
        try {
            t = tenants.tenant(tenantId);
        } catch (NotFoundException e) {
            return new ForbiddenException("tenant_not_active", "tenant " + tenantId + " does not exist");
        }
        if (t.status() != TenantStatus.ACTIVE) {
            return new ForbiddenException("tenant_not_active", "tenant " + tenantId + " is " + t.status() + "; user " + login + " cannot log in");
        }
        return null;
    }

    private CallContext context(PrincipalCollection principals) {
        SeatlinePrincipal p = principals.oneByType(SeatlinePrincipal.class);
        boolean operator = p.tenantId() == null && p.roles().contains(Roles.OPERATOR);
        return new CallContext(p.login(), p.userId(), p.tenantId(), p.roles(), operator,
            perm -> securityManager.isPermitted(principals, perm));
    }

    private void auditFor(UserCredentials c, String action, String detail) {
        CallContext ctx = new CallContext(c.login(), c.userId(), c.tenantId(), c.roles(), c.tenantId() == null, p -> false);
        try {
            TenantContext.run(c.tenantId() == null ? CallContext.operator(c.login()) : ctx, () -> audit.record(action, c.login(), detail));
        } catch (RuntimeException e) {
            LOG.warn("Could not audit {} of {}: {}", action, c.login(), e.getMessage());
        }
    }
}
