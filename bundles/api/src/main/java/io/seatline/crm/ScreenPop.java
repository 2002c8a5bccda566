package io.seatline.crm;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an agent's screen shows when a call is offered to it: the customers with the caller's number (dialled number
 * for an outbound call) and the most recent history of the first, or a new-customer form prefilled with the number
 * when none is known; and the call script of the queue or campaign, filled in.
 *
 * @param reason      OFFER (the call rings the agent), TRANSFER (it came from another agent), CONSULT (an agent
 *                    consults this one)
 * @param fromUserId  for TRANSFER and CONSULT, the agent who had the call
 * @param callData    the call's data: for a campaign call its campaign and contact
 */
public record ScreenPop(String callId, String userId, String reason, String fromUserId, String direction, String number, String queue,
                        Instant at, List<Customer> customers, List<Interaction> history, CustomerSpec newCustomer,
                        Map<String, Object> callData, Script script) {
}
