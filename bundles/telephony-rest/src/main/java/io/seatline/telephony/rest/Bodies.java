package io.seatline.telephony.rest;

/** Small request bodies of this capability's REST resources (unknown fields are rejected by the JSON provider). */
final class Bodies {
    private Bodies() {
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
