package io.seatline.security;

import io.seatline.core.CallContext;

/**
 * Turns credentials into a {@link CallContext}. Failed logins count towards a lock-out; users of a
 * suspended or closed tenant are refused.
 */
public interface AuthService {

    /** @throws io.seatline.core.NotAuthenticatedException bad credentials or locked; ForbiddenException suspended tenant */
    CallContext authenticate(String login, String password);

    /**
     * As {@link #authenticate(String, String)} for a client at {@code address} (an IP address, or null when unknown):
     * failures are throttled per address before any password is checked.
     * @throws io.seatline.core.TooManyRequestsException too many failures from the address (429 with Retry-After)
     */
    default CallContext authenticate(String login, String password, String address) {
        return authenticate(login, password);
    }

    /** Authenticates an API token ({@code slt_...}). */
    CallContext authenticateToken(String token);

    /**
     * Signs in for a browser session (the same checks and throttles as {@link #authenticate(String, String, String)}).
     * @param userAgent the browser, kept with the session for the user's list of sign-ins (may be null)
     */
    default WebSession openSession(String login, String password, String address, String userAgent) {
        throw new UnsupportedOperationException("browser sessions");
    }

    /**
     * The user of a browser session, which counts as used now.
     * @throws io.seatline.core.NotAuthenticatedException {@code session_expired}: unknown, ended, idle too long or past its end
     */
    default CallContext authenticateSession(String secret) {
        throw new io.seatline.core.NotAuthenticatedException("session_expired", "browser sessions are not available");
    }

    /** The session as of now (its user, its absolute and idle ends; counts as a use), or null when it is no longer valid. */
    default WebSession describeSession(String secret) {
        return null;
    }

    /** Ends a browser session (logout); an unknown or ended one is a no-op. */
    default void closeSession(String secret) {
    }
}
