package io.seatline.tenancy;

/** Input to create or update a team. */
public record TeamSpec(String name, String description, String supervisorUserId) {
}
