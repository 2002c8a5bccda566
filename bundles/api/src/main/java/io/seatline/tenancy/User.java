package io.seatline.tenancy;

import java.time.Instant;
import java.util.Set;

/**
 * A person who logs in. Tenant users log in as {@code username@tenant}; operator users (tenantId null) as
 * {@code username}.
 */
public record User(String id, String tenantId, String username, String login, String displayName, String email,
                   Set<String> roles, String teamId, boolean enabled, Instant createdAt, Instant updatedAt) {
}
