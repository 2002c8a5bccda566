package io.seatline.security;

import io.seatline.core.CallContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;

/**
 * A browser session: its secret goes into an HttpOnly cookie (script on the page never sees it), its CSRF token into
 * the page, which sends it back in {@value #CSRF_HEADER} with every write. The session lives in the database, so any
 * node can check it; it ends after {@code idleExpiresAt} without use, at {@code expiresAt} in any case, or at logout.
 *
 * @param secret         the cookie value (shown once; only its hash is stored)
 * @param csrfToken      what writes must carry in {@value #CSRF_HEADER}
 * @param context        the signed-in user
 * @param expiresAt      the absolute end
 * @param idleExpiresAt  the end if it is not used meanwhile
 */
public record WebSession(String secret, String csrfToken, CallContext context, Instant expiresAt, Instant idleExpiresAt) {
    /** the cookie that carries the session */
    public static final String COOKIE = "SEATLINE_SESSION";
    /** the header a write authenticated by the cookie must carry */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /**
     * The CSRF token of a session secret: derived from it (nothing more to store, the same on every node), and useless
     * without the cookie, which another site's page can neither read nor send (SameSite=Strict).
     */
    public static String csrfOf(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("csrf:" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares in constant time (the comparison does not tell how much of a guess was right). */
    public static boolean csrfMatches(String secret, String presented) {
        return presented != null && MessageDigest.isEqual(csrfOf(secret).getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "WebSession[" + context.principal() + ", until " + expiresAt + "]";
    }
}
