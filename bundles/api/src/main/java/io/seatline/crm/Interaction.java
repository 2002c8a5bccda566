package io.seatline.crm;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a customer's history.
 *
 * @param kind    CALL, NOTE, TICKET, DISPOSITION, SURVEY or MERGE (another customer merged into this one)
 * @param refId   what it refers to: the call id (CALL, DISPOSITION, SURVEY), the ticket id (TICKET), null for a NOTE
 * @param summary one line for the agent (any language)
 * @param data    details: for a CALL its direction, number, queue, disposition, cause, talk time, recording id and
 *                survey score (from the CDR, once written); for a DISPOSITION its code, label and note
 * @param by      who: an agent's login, or the system
 */
public record Interaction(String id, String customerId, String kind, Instant at, String refId, String summary, Map<String, Object> data,
                          String by) {
}
