package io.seatline.crm;

import io.seatline.core.Page;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Tickets (work orders, 工单) of the tenant in context: categories with their own fields and SLA, a lifecycle
 * NEW → ASSIGNED → IN_PROGRESS → RESOLVED → CLOSED (reopen to IN_PROGRESS), dispatch to people, teams or outside
 * departments (signed link), comments, attachments, overdue reminders (催办) and revisits (回访). Every change is kept
 * in the ticket's trail and the tenant's audit.
 */
public interface TicketService {

    /**
     * A category.
     *
     * @param name          key: 1-64 of a-z 0-9 _ -
     * @param label         what people see (any language)
     * @param slaHours      hours from creation to due
     * @param businessHours count only the centre's opening hours (its business calendar) towards the SLA
     * @param fields        the category's own fields (same types as customer fields; required ones are enforced)
     * @param escalateTo    users told when a ticket passes its due time (besides its assignee); empty: the supervisors
     * @param revisitHours  a revisit (回访) is due this many hours after resolution; null: none
     */
    record Category(String name, String label, Integer slaHours, Boolean businessHours, List<FieldDef> fields, List<String> escalateTo,
                    Integer revisitHours) {
    }

    /** What is written when a ticket is opened or edited. */
    record TicketSpec(String category, String title, String description, String priority, String customerId, String callId,
                      Map<String, Object> fields) {
    }

    /** The revisit (回访) after resolution: PENDING until someone records its result. */
    record Revisit(Instant dueAt, String status, String result, Integer satisfaction, Instant doneAt, String doneBy) {
    }

    /**
     * A ticket.
     *
     * @param number     human reference, per tenant: GD-yyyyMMdd-0001
     * @param status     NEW, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED
     * @param priority   LOW, NORMAL, HIGH, URGENT
     * @param department an outside department it was dispatched to (acts through its link), or null
     * @param overdue    past its due time and not resolved
     */
    record Ticket(String id, String number, String category, String title, String description, String priority, String status,
                  String customerId, String callId, String assigneeUserId, String teamId, String department, Map<String, Object> fields,
                  Instant dueAt, boolean overdue, Instant remindedAt, Instant createdAt, String createdBy, Instant updatedAt,
                  Instant resolvedAt, Instant closedAt, String resolution, Revisit revisit) {
    }

    /** An entry of a ticket's trail: what changed, from what to what, by whom. */
    record Change(Instant at, String by, String action, String from, String to, String detail) {
    }

    record Comment(String id, Instant at, String by, String text, boolean internal) {
    }

    record Attachment(String id, String name, String contentType, long size, Instant at, String by) {
    }

    /**
     * A dispatch to an outside department: its link (signed, valid until {@code expiresAt}).
     *
     * @param link the URL the department opens (REST base URL of etc/seatline.crm.cfg + /public/tickets/ + token)
     * @param mail what happens to the e-mail with the link: SENDING (the ticket's trail then says MAILED or
     *             MAIL_FAILED, and a failure is notified to whoever dispatched), NO_MAIL_SERVER (none configured: pass
     *             the link on yourself), or null without an e-mail address
     */
    record Dispatch(String department, String email, String token, Instant expiresAt, String link, String mail) {
    }

    List<Category> categories();

    /** Replaces the categories; a category with tickets cannot be removed (409). */
    List<Category> saveCategories(List<Category> categories);

    Ticket create(TicketSpec spec);

    Ticket get(String id);

    /**
     * Filters, each optional: status (one, or OPEN for NEW, ASSIGNED and IN_PROGRESS, then soonest due first), category,
     * assignee, customer, overdue only.
     */
    default Page<Ticket> search(String status, String category, String assigneeUserId, String customerId, boolean overdueOnly, int offset,
                                int limit) {
        return search(status, category, assigneeUserId, customerId, overdueOnly, null, offset, limit);
    }

    /** As the search above, ordered by {@code sort}: number, created, updated, due, priority or status (null: as above, else newest first). */
    Page<Ticket> search(String status, String category, String assigneeUserId, String customerId, boolean overdueOnly, io.seatline.core.Sort sort,
                        int offset, int limit);

    /** Edits title, description, priority and fields (the category cannot change). */
    Ticket update(String id, TicketSpec spec);

    /** Assigns to a user and/or team of the tenant: NEW becomes ASSIGNED; the assignee is notified. */
    Ticket assign(String id, String userId, String teamId);

    /**
     * Moves the ticket: IN_PROGRESS, RESOLVED (with {@code note} as resolution), CLOSED, or REOPEN (from RESOLVED or
     * CLOSED back to IN_PROGRESS). Anything else is refused with 409 {@code invalid_transition}.
     */
    Ticket transition(String id, String status, String note);

    Comment comment(String id, String text, boolean internal);

    /** Comments, oldest first; {@code withInternal} false hides internal ones (as an outside department sees them). */
    List<Comment> comments(String id, boolean withInternal);

    /** Stores a file (at most the configured size, 413 otherwise). */
    Attachment attach(String id, String name, String contentType, byte[] data);

    List<Attachment> attachments(String id);

    /** The stored file of an attachment. */
    Path attachmentFile(String id, String attachmentId);

    List<Change> changes(String id);

    /**
     * Dispatches to an outside department: a signed link valid {@code validHours}, e-mailed (in the background) to
     * {@code email} when an SMTP server is configured, and published as DISPATCHED.
     */
    Dispatch dispatch(String id, String department, String email, int validHours);

    /** Records the revisit's result (satisfaction 1-5); {@code reopen} sends the ticket back to IN_PROGRESS. */
    Ticket revisit(String id, String result, Integer satisfaction, boolean reopen);

    /** Open tickets past their due time, most overdue first. */
    List<Ticket> overdue();

    /** The user's notifications (tenant in context), newest first. */
    List<Notification> notifications(String userId, boolean unreadOnly);

    void markRead(String userId, String notificationId);

    // ------------------------------------------------------------------ outside departments (no login: the token)

    /** The ticket a dispatch token opens (404 for a bad or expired token); any context. */
    Ticket byToken(String token);

    /**
     * The category of the ticket a dispatch token opens, as its department reads it: its name, label and fields (labels,
     * types, choices) — not its SLA, revisit or whom it escalates to; 404 like {@link #byToken}.
     */
    Category categoryByToken(String token);

    Comment commentByToken(String token, String text);

    Ticket resolveByToken(String token, String resolution);

    List<Comment> commentsByToken(String token);

    /** Sends reminders for tickets that passed their due time and revisits that fell due; returns how many. */
    int remind();

    /**
     * Ticket statistics of the tickets created over [from, to] (the tenant's days), grouped {@code by} CATEGORY, STATUS,
     * DEPARTMENT, AGENT (the assignee) or TEAM: created, still open, resolved, past their due time (resolved late, or
     * open and overdue now), the mean hours to resolve and the mean revisit satisfaction. Permission {@code tickets:assign}
     * or {@code reports:read}.
     *
     * @throws io.seatline.core.ValidationException {@code from} after {@code to} or a range over 366 days ({@code from}), an
     *         unknown grouping ({@code by})
     */
    TicketStats stats(java.time.LocalDate from, java.time.LocalDate to, String by);

    /** One group's figures; {@code breachRate} breached ÷ created, null means with no base. */
    record TicketStatsRow(String key, String label, long created, long open, long resolved, long breached, Double breachRate,
                          Double meanResolutionHours, Double meanSatisfaction) {
    }

    record TicketStats(java.time.LocalDate from, java.time.LocalDate to, String by, String timezone, List<TicketStatsRow> rows,
                       TicketStatsRow total) {
    }
}
