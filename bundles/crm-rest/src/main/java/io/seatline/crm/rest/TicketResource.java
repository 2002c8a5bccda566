package io.seatline.crm.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.core.ValidationException;
import io.seatline.crm.Notification;
import io.seatline.crm.TicketService;
import io.seatline.crm.TicketService.Attachment;
import io.seatline.crm.TicketService.Category;
import io.seatline.crm.TicketService.Change;
import io.seatline.crm.TicketService.Comment;
import io.seatline.crm.TicketService.Dispatch;
import io.seatline.crm.TicketService.Ticket;
import io.seatline.crm.TicketService.TicketSpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

/** Tickets (工单): categories, the lifecycle, comments, attachments, dispatch links, revisits, notifications. */
public final class TicketResource {
    private TicketResource() {}

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/ticket-categories")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Categories implements RestResource {
        private final TicketService tickets;

        @Activate
        public Categories(@Reference TicketService tickets) {
            this.tickets = tickets;
        }

        @GET
        public List<Category> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, tickets::categories);
        }

        /** Replaces the categories (tenant admin); a category that has tickets cannot be removed (409). */
        @PUT
        public List<Category> save(@PathParam("tenant") String tenant, List<Category> categories) {
            return Access.inTenant(tenant, () -> tickets.saveCategories(Access.body(categories)));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/tickets")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Tickets implements RestResource {
        private final TicketService tickets;

        @Activate
        public Tickets(@Reference TicketService tickets) {
            this.tickets = tickets;
        }

        @GET
        public Page<Ticket> search(@PathParam("tenant") String tenant, @QueryParam("status") String status, @QueryParam("category") String category,
                                   @QueryParam("assignee") String assignee, @QueryParam("customer") String customer,
                                   @QueryParam("overdue") Boolean overdue, @QueryParam("sort") String sort, @QueryParam("offset") Integer offset,
                                   @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return Access.inTenant(tenant, () -> tickets.search(status, category, assignee, customer, Boolean.TRUE.equals(overdue),
                io.seatline.core.Sort.parse(sort), w[0], w[1]));
        }

        /** Open tickets past their due time, most overdue first. */
        /** Ticket statistics of the tickets created over [from, to], by CATEGORY (default), STATUS, DEPARTMENT, AGENT or TEAM. */
        @GET
        @Path("stats")
        public TicketService.TicketStats stats(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                                               @QueryParam("by") String by) {
            java.time.LocalDate f = io.seatline.rest.spi.Requests.date(from, "from");
            java.time.LocalDate t = io.seatline.rest.spi.Requests.date(to, "to");
            return Access.inTenant(tenant, () -> tickets.stats(f, t, by));
        }

        @GET
        @Path("overdue")
        public List<Ticket> overdue(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, tickets::overdue);
        }

        @POST
        @Answer(status = 201, type = Ticket.class)
        public Response create(@PathParam("tenant") String tenant, TicketSpec spec) {
            Ticket t = Access.inTenant(tenant, () -> tickets.create(Access.body(spec)));
            return Response.created(URI.create("tenants/" + tenant + "/tickets/" + t.id())).entity(t).build();
        }

        @GET
        @Path("{id}")
        public Ticket get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> tickets.get(id));
        }

        @PUT
        @Path("{id}")
        public Ticket update(@PathParam("tenant") String tenant, @PathParam("id") String id, TicketSpec spec) {
            return Access.inTenant(tenant, () -> tickets.update(id, Access.body(spec)));
        }

        /** {"userId": .., "teamId": ..} */
        @POST
        @Path("{id}/assign")
        public Ticket assign(@PathParam("tenant") String tenant, @PathParam("id") String id, AssignRequest body) {
            AssignRequest b = Access.body(body);
            return Access.inTenant(tenant, () -> tickets.assign(id, b.userId(), b.teamId()));
        }

        /** {"status": "IN_PROGRESS" | "RESOLVED" | "CLOSED" | "REOPEN", "note": ..}; 409 invalid_transition otherwise. */
        @POST
        @Path("{id}/transition")
        public Ticket transition(@PathParam("tenant") String tenant, @PathParam("id") String id, TransitionRequest body) {
            TransitionRequest b = Access.body(body);
            return Access.inTenant(tenant, () -> tickets.transition(id, b.status(), b.note()));
        }

        @GET
        @Path("{id}/comments")
        public List<Comment> comments(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> tickets.comments(id, true));
        }

        /** {"text": .., "internal": false} */
        @POST
        @Path("{id}/comments")
        @Answer(status = 201, type = Comment.class)
        public Response comment(@PathParam("tenant") String tenant, @PathParam("id") String id, CommentRequest body) {
            CommentRequest b = Access.body(body);
            Comment c = Access.inTenant(tenant, () -> tickets.comment(id, b.text(), Boolean.TRUE.equals(b.internal())));
            return Response.status(201).entity(c).build();
        }

        @GET
        @Path("{id}/attachments")
        public List<Attachment> attachments(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> tickets.attachments(id));
        }

        /** The file is the body; {@code ?name=} its file name; its Content-Type is kept. 413 beyond the limit. */
        @POST
        @Path("{id}/attachments")
        @Consumes(MediaType.WILDCARD)
        @Answer(status = 201, type = Attachment.class)
        public Response attach(@PathParam("tenant") String tenant, @PathParam("id") String id, @QueryParam("name") String name,
                               @HeaderParam("Content-Type") String type, byte[] data) {
            Attachment a = Access.inTenant(tenant, () -> tickets.attach(id, name, type, data));
            return Response.status(201).entity(a).build();
        }

        @GET
        @Path("{id}/attachments/{att}")
        @Produces(MediaType.WILDCARD)
        @Answer(media = "application/octet-stream")
        public Response download(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("att") String att) {
            Attachment a = Access.inTenant(tenant, () -> tickets.attachments(id).stream().filter(x -> x.id().equals(att))
                .findFirst().orElseThrow(() -> new io.seatline.core.NotFoundException("not_found", "attachment '" + att + "' not found")));
            java.nio.file.Path file = Access.inTenant(tenant, () -> tickets.attachmentFile(id, att));
            StreamingOutput body = out -> Files.copy(file, out);
            return Response.ok(body, a.contentType()).header("Content-Length", a.size())
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(a.name(), StandardCharsets.UTF_8).replace("+", "%20"))
                .build();
        }

        /** The ticket's trail: every change, oldest first. */
        @GET
        @Path("{id}/changes")
        public List<Change> changes(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> tickets.changes(id));
        }

        /** The body of a dispatch: unknown fields and wrong types are refused (400) like everywhere else. */
        public record DispatchRequest(String department, String email, Integer validHours) {
        }

        /**
         * {"department": "维修部", "email": .., "validHours": 72}: a signed link for a department without a login, e-mailed to
         * it when an SMTP server is configured ({@code mail}: SENDING, NO_MAIL_SERVER, or null without an address).
         */
        @POST
        @Path("{id}/dispatch")
        public Dispatch dispatch(@PathParam("tenant") String tenant, @PathParam("id") String id, DispatchRequest body) {
            DispatchRequest b = Access.body(body);
            int hours = b.validHours() == null ? 72 : b.validHours();
            return Access.inTenant(tenant, () -> tickets.dispatch(id, b.department(), b.email(), hours));
        }

        /** The body of a revisit (回访). */
        public record RevisitRequest(String result, Integer satisfaction, Boolean reopen) {
        }

        /** {"result": .., "satisfaction": 1-5, "reopen": false}: the revisit (回访) after resolution. */
        @POST
        @Path("{id}/revisit")
        public Ticket revisit(@PathParam("tenant") String tenant, @PathParam("id") String id, RevisitRequest body) {
            RevisitRequest b = Access.body(body);
            return Access.inTenant(tenant, () -> tickets.revisit(id, b.result(), b.satisfaction(), Boolean.TRUE.equals(b.reopen())));
        }
    }

    /** The signed-in user's notifications (reminders, assignments). */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/me/notifications")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Notifications implements RestResource {
        private final TicketService tickets;

        @Activate
        public Notifications(@Reference TicketService tickets) {
            this.tickets = tickets;
        }

        @GET
        public List<Notification> list(@PathParam("tenant") String tenant, @QueryParam("unread") Boolean unread) {
            return Access.inTenant(tenant, () -> tickets.notifications(CrmResource.Me.me(), Boolean.TRUE.equals(unread)));
        }

        @POST
        @Path("{id}/read")
        @Answer(status = 204)
        public Response read(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            Access.inTenant(tenant, () -> {
                tickets.markRead(CrmResource.Me.me(), id);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /**
     * What an outside department does through the signed link of a dispatched ticket, without a login: read it,
     * read and add comments (internal ones stay hidden), resolve it. A bad, expired or superseded link is 404.
     */
    @Component(service = RestResource.class)
    @Path("/public/tickets/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Public implements RestResource {
        private final TicketService tickets;

        @Activate
        public Public(@Reference TicketService tickets) {
            this.tickets = tickets;
        }

        @GET
        public Ticket get(@PathParam("token") String token) {
            return tickets.byToken(token);
        }

        /** The ticket's category: its label and its fields' labels (what the department's page shows beside the values). */
        @GET
        @Path("category")
        public Category category(@PathParam("token") String token) {
            return tickets.categoryByToken(token);
        }

        @GET
        @Path("comments")
        public List<Comment> comments(@PathParam("token") String token) {
            return tickets.commentsByToken(token);
        }

        @POST
        @Path("comments")
        @Answer(status = 201, type = Comment.class)
        public Response comment(@PathParam("token") String token, PublicComment body) {
            return Response.status(201).entity(tickets.commentByToken(token, Access.body(body).text())).build();
        }

        @POST
        @Path("resolve")
        public Ticket resolve(@PathParam("token") String token, PublicResolution body) {
            return tickets.resolveByToken(token, Access.body(body).resolution());
        }
    }

    /** Who takes a ticket: a user, a team, or both. */
    public record AssignRequest(String userId, String teamId) {
    }

    /** {@code status}: IN_PROGRESS, RESOLVED, CLOSED or REOPEN, with an optional note. */
    public record TransitionRequest(String status, String note) {
    }

    /** A comment; {@code internal} ones are hidden from the customer and outside departments. */
    public record CommentRequest(String text, Boolean internal) {
    }

    /** A comment from an outside department through a public ticket link. */
    public record PublicComment(String text) {
    }

    /** How an outside department resolved a ticket. */
    public record PublicResolution(String resolution) {
    }
}
