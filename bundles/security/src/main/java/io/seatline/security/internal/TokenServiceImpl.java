package io.seatline.security.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.Validation;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.ApiToken;
import io.seatline.security.AuditService;
import io.seatline.security.IssuedToken;
import io.seatline.security.TokenService;
import io.seatline.security.internal.entity.ApiTokenEntity;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserCredentials;
import io.seatline.tenancy.UserService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * API tokens: {@code slt_} + 256 random bits. Only a SHA-256 of the secret is stored (a slow hash is not needed
 * for secrets of that entropy), so a database leak does not leak usable tokens.
 */
@Component(service = {TokenService.class, TokenServiceImpl.class})
public class TokenServiceImpl implements TokenService {
    static final String PREFIX = "slt_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CallContext SYSTEM = CallContext.operator("security");

    @Reference(target = "(osgi.unit.name=seatline-security)")
    private EntityManagerFactory emf;
    @Reference
    private UserService users;
    @Reference
    private AuditService audit;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public IssuedToken issue(String userId, String name, Integer ttlDays) {
        Permissions.require("tokens", "write");
        TenantContext.requireTenant();
        if (userId != null && !Permissions.isSelf(userId)) {
            // a token acting as somebody else: only who may manage users (else an integrator could act as the tenant admin)
            Permissions.require("users", "write");
        }
        String tokenName = Validation.required(name, "name", 100);
        if (ttlDays != null && (ttlDays < 1 || ttlDays > 3650)) {
            throw new ValidationException("out_of_range", "ttlDays must be between 1 and 3650", "ttlDays");
        }
        User user = users.get(userId); // tenant-scoped: 404 for another tenant's user
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        ApiTokenEntity t = new ApiTokenEntity();
        t.id = UUID.randomUUID().toString();
        t.userId = user.id();
        t.userLogin = user.login();
        t.name = tokenName;
        t.prefix = secret.substring(0, 10);
        t.tokenHash = sha256(secret);
        t.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        t.expiresAt = ttlDays == null ? null : t.createdAt.plus(Duration.ofDays(ttlDays));
        ApiToken token = jpa.tenant(em -> {
            em.persist(t);
            return t.toDto();
        });
        audit.record("token.issue", token.name(), "for " + user.login() + ", prefix " + token.prefix());
        return new IssuedToken(token, secret);
    }

    @Override
    public Page<ApiToken> list(int offset, int limit) {
        Permissions.require("tokens", "read");
        // an integrator sees and revokes its own tokens; whoever manages users (the tenant admin) sees all of them
        String only = allTokens() ? null : TenantContext.current().userId();
        String where = only == null ? "" : " where t.userId = :me";
        return jpa.tenant(em -> {
            var items = em.createQuery("select t from ApiTokenEntity t" + where + " order by t.createdAt desc", ApiTokenEntity.class);
            var count = em.createQuery("select count(t) from ApiTokenEntity t" + where, Long.class);
            if (only != null) {
                items.setParameter("me", only);
                count.setParameter("me", only);
            }
            return new Page<>(items.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(ApiTokenEntity::toDto).toList(),
                count.getSingleResult(), offset, limit);
        });
    }

    @Override
    public ApiToken get(String id) {
        Permissions.require("tokens", "read");
        return jpa.tenant(em -> visible(Jpa.get(em, ApiTokenEntity.class, id, "token")).toDto());
    }

    /** Another user's tokens are there only for those who manage users: to others they do not exist (404). */
    private static boolean allTokens() {
        return Permissions.has("users", "write");
    }

    private static ApiTokenEntity visible(ApiTokenEntity t) {
        if (!allTokens() && !Permissions.isSelf(t.userId)) {
            throw new io.seatline.core.NotFoundException("not_found", "token '" + t.id + "' not found");
        }
        return t;
    }

    @Override
    public ApiToken revoke(String id) {
        Permissions.require("tokens", "write");
        ApiToken token = jpa.tenant(em -> {
            ApiTokenEntity t = visible(Jpa.get(em, ApiTokenEntity.class, id, "token"));
            if (t.revokedAt != null) {
                throw new ConflictException("already_revoked", "token '" + id + "' is already revoked");
            }
            t.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return t.toDto();
        });
        audit.record("token.revoke", token.name(), "prefix " + token.prefix());
        return token;
    }

    /** The user a token acts as, or null when it is unknown, expired or revoked. */
    UserCredentials resolve(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return null;
        }
        String hash = sha256(secret);
        Instant now = Instant.now();
        String[] tokenUser = new String[1];
        String login = TenantContext.call(SYSTEM, () -> jpa.operator(em -> {
            List<ApiTokenEntity> found = em.createQuery("select t from ApiTokenEntity t where t.tokenHash = :h", ApiTokenEntity.class)
                .setParameter("h", hash).getResultList();
            if (found.isEmpty()) {
                return null;
            }
            ApiTokenEntity t = found.get(0);
            if (t.revokedAt != null || (t.expiresAt != null && t.expiresAt.isBefore(now))) {
                return null;
            }
            if (t.lastUsedAt == null || t.lastUsedAt.isBefore(now.minusSeconds(60))) {
                t.lastUsedAt = now.truncatedTo(ChronoUnit.MICROS);
            }
            tokenUser[0] = t.userId;
            return t.userLogin;
        }));
        if (login == null) {
            return null;
        }
        UserCredentials c = TenantContext.call(SYSTEM, () -> users.credentials(login).orElse(null));
        // The login must still belong to the very user the token was issued to, not to a later namesake.
        return c != null && c.userId().equals(tokenUser[0]) ? c : null;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
