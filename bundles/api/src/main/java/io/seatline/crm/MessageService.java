package io.seatline.crm;

import java.time.Instant;
import java.util.List;

/**
 * Internal messages (站内短信) of a tenant's floor, and help requests ("call the supervisor"). An agent writes to the
 * tenant's supervisors (and admins) and reads what was written to it; a supervisor writes to any user of the tenant and
 * broadcasts to a team (one copy per member, so each reads its own). An agent raises a help request, which every
 * supervisor's wallboard shows until a supervisor answers it or the agent withdraws it. Every message and help request
 * is pushed to its recipients' own channel ({@link PushService}: events {@code message}, {@code help},
 * {@code help-closed}) and kept, so a page opened later reads it.
 */
public interface MessageService {

    /** Longest body or note, in characters. */
    int MAX_BODY = 1000;

    /**
     * One message as its reader sees it.
     *
     * @param kind     MESSAGE (to one user), BROADCAST (a team's copy), HELP (a help request)
     * @param toUser   the recipient (null for a help request: it goes to all supervisors)
     * @param team     the team a broadcast went to (its id; teamName its name)
     * @param group    the broadcast this copy belongs to (the id of its first copy); the id itself otherwise
     * @param status   of a help request: OPEN, ANSWERED (by a supervisor), WITHDRAWN (by the agent); null otherwise
     * @param callId   the call the agent was on when it asked for help
     */
    record Message(String id, String kind, String fromUser, String fromName, String toUser, String toName, String team, String teamName, String group,
                   String body, String callId, Instant at, Instant readAt, String status, String closedBy, String closedByName,
                   Instant closedAt, String answer) {
    }

    /** A message to one user ({@code to}) or a broadcast to a team's members ({@code team}), never both. */
    record MessageSpec(String to, String team, String body) {
    }

    /** What a send did: the message (the first copy of a broadcast) and how many received it. */
    record Sent(Message message, int recipients) {
    }

    /** A help request; the note and the call are optional. */
    record HelpSpec(String note, String callId) {
    }

    /** Closing a help request: a supervisor's answer (also sent to the agent as a message when not blank). */
    record HelpClose(String answer) {
    }

    /** Someone the caller may write to. @param kind USER or TEAM */
    record Recipient(String kind, String id, String name, List<String> roles) {
    }

    Sent send(MessageSpec spec);

    /** The caller's own messages, received and sent, newest first (at most {@code limit}, 1–200). */
    List<Message> mine(boolean unreadOnly, int limit);

    /** Marks a message to the caller read (idempotent). */
    Message read(String id);

    /** Who the caller may write to: supervisors and admins for an agent; users and teams for a supervisor. */
    List<Recipient> recipients();

    /** Raises a help request for the caller (an agent); a second one while one is open returns the open one. */
    Message askHelp(HelpSpec spec);

    /** Help requests, newest first: the tenant's for a supervisor; an agent's own for an agent. @param status OPEN or ALL */
    List<Message> helpRequests(String status);

    /** A supervisor answers a help request, or the agent who raised it withdraws it. */
    Message closeHelp(String id, HelpClose close);
}
