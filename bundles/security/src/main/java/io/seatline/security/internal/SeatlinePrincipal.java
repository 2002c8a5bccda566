package io.seatline.security.internal;

import java.io.Serializable;
import java.util.Set;

/** The Shiro principal of an authenticated Seatline user. */
record SeatlinePrincipal(String userId, String login, String tenantId, Set<String> roles) implements Serializable {
}
