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
}
