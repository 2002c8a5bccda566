package io.seatline.security;

import java.time.Instant;

/** An API token as listed (the secret itself is only shown once, at creation). */
public record ApiToken(String id, String tenantId, String userId, String name, String prefix, Instant createdAt,
                       Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
}
