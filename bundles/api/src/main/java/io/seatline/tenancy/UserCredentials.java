package io.seatline.tenancy;

import java.time.Instant;
import java.util.Set;

/** What the security bundle needs to authenticate a login. Only handed out in operator (system) context. */
public record UserCredentials(String userId, String tenantId, String login, String passwordHash, Set<String> roles,
                              boolean enabled, int failedLogins, Instant lockedUntil) {
}
