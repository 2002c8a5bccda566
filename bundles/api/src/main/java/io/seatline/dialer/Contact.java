package io.seatline.dialer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A contact of a list and its dialling history.
 *
 * @param status      NEW, DIALLING, RETRY (will be tried again), CALLBACK, DONE (final outcome) or BLOCKED (DNC)
 * @param lastOutcome BUSY, NO_ANSWER, FAILED, MACHINE, ABANDONED, CALLBACK, DONE or DNC
 */
public record Contact(String id, String listId, String campaignId, String phone, String name, Map<String, String> fields,
                      String timezone, String status, int attempts, String lastOutcome, String lastDisposition,
                      Instant lastAttemptAt, Instant nextAt, Instant callbackAt, String callbackAgentUserId,
                      List<Attempt> history) {

    /** One dial of the contact. {@code outcome} as above; {@code disposition} the agent's code, if any. */
    public record Attempt(String id, String callId, Instant startedAt, Instant answeredAt, Instant endedAt, String outcome,
                          String disposition, String agentUserId, String note) {
    }
}
