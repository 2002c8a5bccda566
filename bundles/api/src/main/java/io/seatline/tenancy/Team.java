package io.seatline.tenancy;

import java.time.Instant;

/** A group of users inside a tenant (the third admin tier: operator → tenant → team). */
public record Team(String id, String tenantId, String name, String description, String supervisorUserId,
                   Instant createdAt) {
}
