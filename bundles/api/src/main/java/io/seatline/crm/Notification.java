package io.seatline.crm;

import java.time.Instant;

/**
 * A message to one user, e.g. a ticket reminder (催办).
 *
 * @param kind TICKET_OVERDUE, TICKET_ASSIGNED, REVISIT_DUE
 */
public record Notification(String id, String userId, String kind, String ticketId, String text, Instant at, Instant readAt) {
}
