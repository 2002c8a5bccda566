package io.seatline.tenancy.rest;

/** Small request bodies of this capability's REST resources (unknown fields are rejected by the JSON provider). */
final class Bodies {
    private Bodies() {
    }

    public record Assign(String seatId, String userId) {
    }

    /** {@code currentPassword}: required when changing one's own password. */
    public record Password(String password, String currentPassword) {
    }

    public record IssueToken(String userId, String name, Integer ttlDays) {
    }

    public record PoolSize(Integer size) {
    }
}
