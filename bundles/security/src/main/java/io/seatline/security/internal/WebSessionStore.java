package io.seatline.security.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.persistence.Jpa;
import io.seatline.security.internal.entity.WebSessionEntity;
import io.seatline.tenancy.UserCredentials;
import io.seatline.tenancy.UserService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Browser sessions in the database (table {@code sl_web_session}), so that any node of a cluster can check a cookie
 * another node issued. The cookie holds 256 random bits; the row's key is their SHA-256. A session counts as used at
 * most once a minute (no write per request), so its idle end is exact to the minute. A session ends when its user's
 * password changes (every browser signed in with the old one is signed out), or the user is deleted.
 */
@Component(service = WebSessionStore.class)
public class WebSessionStore {
    static final String PREFIX = "sls_";
    /** how stale the recorded last use may be: the idle end is this precise */
    static final Duration TOUCH = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CallContext SYSTEM = CallContext.operator("security");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebSessionStore.class);

    @Reference(target = "(osgi.unit.name=seatline-security)")
    private EntityManagerFactory emf;
    @Reference
    private UserService users;

    private Jpa jpa;
    private final java.util.concurrent.atomic.AtomicLong lastPurge = new java.util.concurrent.atomic.AtomicLong();
    Clock clock = Clock.systemUTC();

    /** A session as it stands: the user it acts as and its two ends. */
    record Open(UserCredentials user, Instant expiresAt, Instant idleExpiresAt) {
    }

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    /** A session just opened: the cookie's secret and the session's two ends. */
    record Opened(String secret, Instant expiresAt, Instant idleExpiresAt) {
    }

    /** Opens a session for a user whose password was just verified against {@code user}'s hash. */
    Opened open(UserCredentials user, String address, String userAgent, Duration maxAge, Duration idle) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = now();
        WebSessionEntity s = new WebSessionEntity();
        s.id = TokenServiceImpl.sha256(secret);
        s.tenantId = user.tenantId();
        s.userId = user.userId();
        s.userLogin = user.login();
        s.passwordTag = passwordTag(user);
        s.address = address == null ? null : cut(address, 64);
        s.userAgent = userAgent == null ? null : cut(userAgent.replaceAll("\\p{Cntrl}", " "), 200);
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now.plus(maxAge);
        TenantContext.run(SYSTEM, () -> jpa.operator(em -> {
            em.persist(s);
            return null;
        }));
        long last = lastPurge.get();
        if (now.toEpochMilli() - last > Duration.ofHours(1).toMillis() && lastPurge.compareAndSet(last, now.toEpochMilli())) {
            try {
                purge(); // at most hourly, by whichever sign-in comes first: no timer thread to manage
            } catch (RuntimeException e) {
                LOG.warn("Purging ended browser sessions failed (tried again in an hour): {}", e.toString());
            }
        }
        Instant idleEnd = now.plus(idle);
        return new Opened(secret, s.expiresAt, idleEnd.isBefore(s.expiresAt) ? idleEnd : s.expiresAt);
    }

    /**
     * The session of {@code secret} if it is still valid, or null: unknown, closed, past its end, idle longer than
     * {@code idle}, or its user is no longer the one it was opened for (deleted; a later namesake).
     * @param use whether this counts as a use (resets the idle clock)
     */
    Open find(String secret, Duration idle, boolean use) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return null;
        }
        String id = TokenServiceImpl.sha256(secret);
        Instant now = now();
        Object[] found = TenantContext.call(SYSTEM, () -> jpa.operator(em -> {
            WebSessionEntity s = em.find(WebSessionEntity.class, id);
            if (s == null || s.closedAt != null || !now.isBefore(s.expiresAt) || !now.isBefore(s.lastSeenAt.plus(idle))) {
                return null;
            }
            Instant seen = s.lastSeenAt;
            if (use && seen.isBefore(now.minus(TOUCH))) {
                // one statement that cannot undo a sign-out committed meanwhile (a write of the loaded row would put
                // closed_at back to null)
                em.detach(s);
                Jpa.operatorBulk(em, "update WebSessionEntity s set s.lastSeenAt = :now where s.id = :id and s.closedAt is null and s.lastSeenAt < :now")
                    .setParameter("now", now).setParameter("id", id).executeUpdate();
                seen = now;
            }
            return new Object[] {s.userId, s.userLogin, s.expiresAt, seen, s.passwordTag};
        }));
        if (found == null) {
            return null;
        }
        UserCredentials c = TenantContext.call(SYSTEM, () -> users.credentials((String) found[1]).orElse(null));
        if (c == null || !c.userId().equals(found[0]) || !passwordTag(c).equals(found[4])) {
            return null; // deleted, a later namesake, or the password changed since
        }
        Instant idleEnd = ((Instant) found[3]).plus(idle);
        Instant end = (Instant) found[2];
        return new Open(c, end, idleEnd.isBefore(end) ? idleEnd : end);
    }

    /** Ends the session of {@code secret}; false when there was none open. */
    boolean close(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return false;
        }
        String id = TokenServiceImpl.sha256(secret);
        Instant now = now();
        return TenantContext.call(SYSTEM, () -> jpa.operator(em -> Jpa.operatorBulk(em,
            "update WebSessionEntity s set s.closedAt = :now where s.id = :id and s.closedAt is null")
            .setParameter("now", now).setParameter("id", id).executeUpdate() > 0));
    }

    /** Part of a hash of the password's hash: enough to see it changed, nothing to learn the password from. */
    private static String passwordTag(UserCredentials c) {
        return TokenServiceImpl.sha256("session:" + c.passwordHash()).substring(0, 16);
    }

    /** Deletes sessions that ended more than a day ago; returns how many. */
    int purge() {
        Instant before = now().minus(Duration.ofDays(1));
        return TenantContext.call(SYSTEM, () -> jpa.operator(em -> Jpa.operatorBulk(em,
            "delete from WebSessionEntity s where s.expiresAt < :b or s.closedAt < :b").setParameter("b", before).executeUpdate()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
