package io.seatline.security;

import io.seatline.core.CallContext;

/**
 * Turns credentials into a {@link CallContext}. Failed logins count towards a lock-out; users of a
 * suspended or closed tenant are refused.
 */
public interface AuthService {

    /** @throws io.seatline.core.NotAuthenticatedException bad credentials or locked; ForbiddenException suspended tenant */
    CallContext authenticate(String login, String password);

    /** Authenticates an API token ({@code slt_...}). */
    CallContext authenticateToken(String token);
}
