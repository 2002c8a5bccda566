package io.seatline.rest.internal;

/** Small request bodies of the API (unknown fields are rejected by the JSON provider). */
final class Requests {
    private Requests() {}

    /** A query parameter that is a date (yyyy-MM-dd), or null when absent; 400 naming {@code field} when malformed. */
    static java.time.LocalDate date(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.seatline.core.ValidationException("invalid_date", field + ": a date is yyyy-MM-dd", field);
        }
    }

    public record Reason(String reason) {
    }

    public record Assign(String seatId, String userId) {
    }

    public record Password(String password) {
    }

    public record IssueToken(String userId, String name, Integer ttlDays) {
    }

    public record PoolSize(Integer size) {
    }

    public record AssignDid(String tenantId, String queue, String trunkId) {
    }

    /** On-demand recording of a live call: {@code on} false stops it. */
    public record Record(Boolean on) {
    }

    /** A supervisor listens to a call: MONITOR, WHISPER or BARGE; {@code supervisorUserId} defaults to the caller. */
    public record Supervise(String mode, String supervisorUserId) {
    }

    public record RouteDid(String queue, String ivr) {
    }

    public record Login(String seatId) {
    }

    public record ReasonCodeSpec(String code, String label) {
    }

    public record State(io.seatline.telephony.AgentState state, String reason) {
    }
}
