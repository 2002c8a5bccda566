package io.seatline.security.internal;

import io.seatline.security.PasswordHasher;
import io.seatline.tenancy.UserCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.SimpleAuthenticationInfo;
import org.apache.shiro.authc.UnknownAccountException;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authz.AuthorizationInfo;
import org.apache.shiro.authz.SimpleAuthorizationInfo;
import org.apache.shiro.realm.AuthorizingRealm;
import org.apache.shiro.subject.PrincipalCollection;

/**
 * Shiro realm over Seatline users. Passwords are checked with the slow {@link PasswordHasher}; a successful
 * check is remembered for a few minutes (keyed by the stored hash, so a password change forgets it at once),
 * because HTTP Basic re-sends the password with every request.
 */
class SeatlineRealm extends AuthorizingRealm {
    private static final long VERIFIED_TTL_MILLIS = 5 * 60_000;

    private final Function<String, UserCredentials> lookup;
    private final PasswordHasher hasher;
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    SeatlineRealm(Function<String, UserCredentials> lookup, PasswordHasher hasher) {
        this.lookup = lookup;
        this.hasher = hasher;
        setName("seatline");
        setAuthorizationCachingEnabled(false);
        setAuthenticationCachingEnabled(false);
        setCredentialsMatcher((token, info) -> {
            String password = new String(((UsernamePasswordToken) token).getPassword());
            String stored = (String) info.getCredentials();
            return matches(password, stored);
        });
    }

    private boolean matches(String password, String stored) {
        String key = fingerprint(password, stored);
        Long until = verified.get(key);
        long now = System.currentTimeMillis();
        if (until != null && until > now) {
            return true;
        }
        boolean ok = hasher.verify(password, stored);
        if (ok) {
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(key, now + VERIFIED_TTL_MILLIS);
        }
        return ok;
    }

    private static String fingerprint(String password, String stored) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(stored.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            return HexFormat.of().formatHex(md.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean supports(AuthenticationToken token) {
        return token instanceof UsernamePasswordToken;
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) throws AuthenticationException {
        String login = ((UsernamePasswordToken) token).getUsername();
        UserCredentials c = lookup.apply(login);
        if (c == null) {
            throw new UnknownAccountException("unknown user " + login);
        }
        return new SimpleAuthenticationInfo(new SeatlinePrincipal(c.userId(), c.login(), c.tenantId(), c.roles()), c.passwordHash(),
            getName());
    }

    @Override
    protected AuthorizationInfo doGetAuthorizationInfo(PrincipalCollection principals) {
        SeatlinePrincipal p = principals.oneByType(SeatlinePrincipal.class);
        SimpleAuthorizationInfo info = new SimpleAuthorizationInfo(p.roles());
        info.setStringPermissions(RolePermissions.of(p.roles(), p.tenantId()));
        return info;
    }

    /** For lock-out decisions: is the account locked at {@code now}? */
    static boolean locked(UserCredentials c, Instant now) {
        return c.lockedUntil() != null && c.lockedUntil().isAfter(now);
    }
}
