package io.seatline.tenancy;

import java.util.Set;

/** Input to create or update a user. On update, null fields keep their value. */
public record UserSpec(String username, String displayName, String email, Set<String> roles, String teamId,
                       String password, Boolean enabled) {
}
