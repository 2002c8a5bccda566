package io.seatline.security;

import io.seatline.core.Page;

/** API tokens of the tenant in context. Tokens are hashed at rest and revocable. */
public interface TokenService {
    /** Issues a token acting as {@code userId}; {@code ttlDays} null means no expiry. */
    IssuedToken issue(String userId, String name, Integer ttlDays);

    Page<ApiToken> list(int offset, int limit);

    ApiToken get(String id);

    ApiToken revoke(String id);
}
