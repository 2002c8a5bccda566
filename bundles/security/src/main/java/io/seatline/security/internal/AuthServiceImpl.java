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
import io.seatline.security.WebSession;
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
 * Authentication and authorization through Apache Shiro. After {@code maxFailedLogins} failures of a login from one
 * address, that address is throttled for that login for {@code lockMinutes} (429); after failures from
 * {@code maxFailedLogins} different addresses the account is locked for {@code lockMinutes}, and while locked even
 * the right password is refused. A login without an address (the console) counts every failure towards the lock.
 * Floods, parallel guesses, unknown names and repeated HTTP Basic checks are handled by {@link LoginGuard}.
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
    @Reference
    private WebSessionStore sessions;

    private DefaultSecurityManager securityManager;
    private final LoginGuard guard = new LoginGuard(java.time.Clock.systemUTC(), 30, Duration.ofSeconds(60));
    private String dummyHash;
    private int maxFailed;
    private Duration lock;
    private volatile Duration sessionIdle = Duration.ofMinutes(30);
    private volatile Duration sessionMax = Duration.ofHours(12);

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
        guard.configure(config.addressMaxFailures(), Duration.ofSeconds(Math.max(1, config.addressWindowSeconds())));
        guard.configurePair(maxFailed, lock);
        sessionIdle = Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes()));
        sessionMax = Duration.ofHours(Math.max(1, config.sessionMaxHours()));
    }

    @Override
    public CallContext authenticate(String login, String password) {
        return authenticate(login, password, null);
    }

    @Override
    public CallContext authenticate(String login, String password, String address) {
        if (login == null || login.isBlank() || password == null) {
            throw new NotAuthenticatedException("unauthenticated", "credentials required");
        }
        // a client that verified its password within the last minute (HTTP Basic on every request) goes on, even while
        // others at its address are throttled (a contact-centre floor behind one NAT address)
        UserCredentials known = credentials(login);
        if (known != null && !SeatlineRealm.locked(known, Instant.now()) && guard.isVerified(login, password, known.passwordHash())) {
            CallContext ctx = admitted(known, login);
            // sliding: a client that keeps signing in stays recognised, also while its address is throttled for the
            // login (a colleague behind the same NAT guessed wrong)
            guard.rememberVerified(login, password, known.passwordHash());
            return ctx;
        }
        // a flood from one address, or an address that used up its guesses at this login, is refused before any hash
        guard.checkAddress(address);
        guard.checkPair(login, address);
        // one slow check per login at a time: parallel guesses cannot pass the lock check before a failure is counted
        return guard.exclusive(login, () -> check(login, password, address));
    }

    /**
     * The account of {@code login}, or null. A name with characters no login can have is unknown without asking the
     * database: a collation that ignores case, accents or trailing blanks would otherwise let variants of one login
     * each count as a new name against the per-address throttle.
     */
    private UserCredentials credentials(String login) {
        if (!LOGIN_SYNTAX.matcher(login).matches()) {
            return null;
        }
        return TenantContext.call(SYSTEM, () -> users.credentials(login).orElse(null));
    }

    /** user names (io.seatline.core.Validation) and tenant slugs, joined by '@' */
    private static final java.util.regex.Pattern LOGIN_SYNTAX = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}(@[a-z0-9-]{1,32})?");

    private CallContext check(String login, String password, String address) {
        // read again under the login's lock: a check that ran while this one waited may have counted a failure or locked
        guard.checkPair(login, address);
        UserCredentials c = credentials(login);
        if (c == null) {
            // Same answers, and the same slow hash, as a known login: neither reveals which logins exist.
            Instant until = guard.unknownLockedUntil(login);
            if (until != null) {
                throw locked(login, until);
            }
            hasher.verify(password, dummyHash);
            guard.addressFailed(address);
            guard.pairFailed(login, address);
            // only an address's first failure counts towards the lock: one address alone cannot lock a login
            until = guard.countsTowardsLock(login, address) ? guard.unknownFailed(login, maxFailed, lock) : null;
            if (until != null) {
                throw locked(login, until);
            }
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        Instant now = Instant.now();
        if (SeatlineRealm.locked(c, now)) {
            // refused without a hash: nothing to throttle
            int n = guard.auditable(login, address);
            if (n > 0) {
                auditFor(c, "login.refused", "account locked until " + c.lockedUntil() + (n > 1 ? " (" + n + " attempts from " + address + " in the last minute)" : ""));
            }
            throw locked(login, c.lockedUntil());
        }
        // A suspended or closed tenant answers the same whatever the password: 403 for a right one and 401 for a wrong
        // one would make its logins a password oracle. Its users' failures are not counted either.
        ForbiddenException inactive = inactiveTenant(c.tenantId(), login);
        try {
            securityManager.authenticate(new UsernamePasswordToken(login, password));
        } catch (AuthenticationException e) {
            if (inactive != null) {
                throw inactive;
            }
            guard.forget(login);
            guard.addressFailed(address);
            int fromHere = guard.pairFailed(login, address);
            if (fromHere == guard.pairMaxFailures()) {
                auditFor(c, "login.throttled", fromHere + " failed logins of " + login + " from " + address + "; that address may not try "
                    + login + " again for " + lock.toMinutes() + " minutes");
            }
            // only an address's first failure counts towards the lock: one address alone cannot lock a login
            Instant lockedUntil = guard.countsTowardsLock(login, address)
                ? TenantContext.call(SYSTEM, () -> users.recordLoginFailure(c.userId(), maxFailed, lock)) : null;
            if (lockedUntil != null) {
                auditFor(c, "login.locked", "failed login of " + login + (address == null ? "" : " from " + address) + "; locked until " + lockedUntil);
                LOG.warn("Account {} locked until {} after {} failed logins", login, lockedUntil, maxFailed);
                throw locked(login, lockedUntil);
            }
            int n = guard.auditable(login, address);
            if (n > 0) {
                auditFor(c, "login.failed", "failed login of " + login + (address == null ? "" : " from " + address)
                    + (n > 1 ? " (" + n + " in the last minute)" : ""));
            }
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        CallContext ctx = admitted(c, login);
        guard.rememberVerified(login, password, c.passwordHash());
        return ctx;
    }

    /** The checks after a verified password: the account is enabled, the tenant active, past failures reset. */
    private CallContext admitted(UserCredentials c, String login) {
        if (!c.enabled()) {
            // A disabled account answers like a wrong password: a 403 here would confirm the password.
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        requireActiveTenant(c.tenantId(), login);
        // Only after failures is there anything to reset: a clean account costs no write per request.
        if (c.failedLogins() > 0 || c.lockedUntil() != null) {
            guard.succeeded(login);
            Instant stillLocked = TenantContext.call(SYSTEM, () -> users.recordLoginSuccess(c.userId()));
            if (stillLocked != null) {
                throw locked(login, stillLocked);
            }
        }
        return context(new org.apache.shiro.subject.SimplePrincipalCollection(
            new SeatlinePrincipal(c.userId(), c.login(), c.tenantId(), c.roles()), "seatline"));
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

    @Override
    public WebSession openSession(String login, String password, String address, String userAgent) {
        UserCredentials before = credentials(login);
        CallContext ctx = authenticate(login, password, address);
        UserCredentials c = TenantContext.call(SYSTEM, () -> users.credentials(ctx.principal()).orElse(null));
        // the session carries a fingerprint of the hash the password was checked against: a password changed while
        // this sign-in ran (an admin's answer to a compromise) must not be inherited by it
        if (c == null || !c.userId().equals(ctx.userId()) || before == null || !before.passwordHash().equals(c.passwordHash())) {
            throw new NotAuthenticatedException("invalid_credentials", "invalid user or password");
        }
        WebSessionStore.Opened s = sessions.open(c, address, userAgent, sessionMax, sessionIdle);
        auditFor(c, "session.open", "browser sign-in" + (address == null ? "" : " from " + address));
        return new WebSession(s.secret(), WebSession.csrfOf(s.secret()), ctx, s.expiresAt(), s.idleExpiresAt());
    }

    @Override
    public CallContext authenticateSession(String secret) {
        return sessionContext(secret, sessions.find(secret, sessionIdle, true));
    }

    /** The user of a valid session; a session whose user was disabled or whose tenant is no longer active is ended. */
    private CallContext sessionContext(String secret, WebSessionStore.Open s) {
        if (s == null) {
            throw sessionEnded();
        }
        UserCredentials c = s.user();
        // a lock-out does not end it: the lock is against guessers, and would otherwise let them sign agents out
        if (!c.enabled() || inactiveTenant(c.tenantId(), c.login()) != null) {
            // ended, not paused: enabling the user or the tenant again does not bring old cookies back
            sessions.close(secret);
            throw sessionEnded();
        }
        return context(new org.apache.shiro.subject.SimplePrincipalCollection(
            new SeatlinePrincipal(c.userId(), c.login(), c.tenantId(), c.roles()), "seatline"));
    }

    private static NotAuthenticatedException sessionEnded() {
        return new NotAuthenticatedException("session_expired", "the browser session has ended: sign in again");
    }

    @Override
    public WebSession describeSession(String secret) {
        WebSessionStore.Open s = sessions.find(secret, sessionIdle, true);
        if (s == null) {
            return null;
        }
        CallContext ctx;
        try {
            ctx = sessionContext(secret, s);
        } catch (NotAuthenticatedException e) {
            return null;
        }
        return new WebSession(null, WebSession.csrfOf(secret), ctx, s.expiresAt(), s.idleExpiresAt());
    }

    @Override
    public void closeSession(String secret) {
        WebSessionStore.Open s = sessions.find(secret, sessionIdle, false);
        if (sessions.close(secret) && s != null) {
            auditFor(s.user(), "session.close", "browser sign-out");
        }
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
