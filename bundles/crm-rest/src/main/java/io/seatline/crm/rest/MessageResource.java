package io.seatline.crm.rest;

import io.seatline.crm.MessageService;
import io.seatline.crm.MessageService.HelpClose;
import io.seatline.crm.MessageService.HelpSpec;
import io.seatline.crm.MessageService.Message;
import io.seatline.crm.MessageService.MessageSpec;
import io.seatline.crm.MessageService.Recipient;
import io.seatline.crm.MessageService.Sent;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import java.net.URI;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Internal messages (站内短信) and help requests. New ones are also pushed on {@code GET /me/events} as events
 * {@code message}, {@code help} and {@code help-closed}.
 */
public final class MessageResource {
    private MessageResource() {
    }

    /** {@code /messages}: send (to a user or a team), the caller's own, read, and who the caller may write to. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/messages")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Messages implements RestResource {
        private final MessageService messages;

        @Activate
        public Messages(@Reference MessageService messages) {
            this.messages = messages;
        }

        @POST
        @Answer(status = 201, type = Sent.class)
        public Response send(@PathParam("tenant") String tenant, MessageSpec spec) {
            Sent s = Access.inTenant(tenant, () -> messages.send(Access.body(spec)));
            return Response.created(URI.create("tenants/" + tenant + "/messages/" + s.message().id())).entity(s).build();
        }

        /** The caller's messages, received and sent, newest first; {@code ?unread=true} only those not yet read. */
        @GET
        public List<Message> mine(@PathParam("tenant") String tenant, @QueryParam("unread") Boolean unread, @QueryParam("limit") Integer limit) {
            return Access.inTenant(tenant, () -> messages.mine(Boolean.TRUE.equals(unread), limit == null ? 50 : limit));
        }

        @POST
        @Path("{id}/read")
        public Message read(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> messages.read(id));
        }

        @GET
        @Path("recipients")
        public List<Recipient> recipients(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, messages::recipients);
        }
    }

    /** {@code /help-requests}: an agent asks for help; supervisors list and answer; the agent may withdraw. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/help-requests")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class HelpRequests implements RestResource {
        private final MessageService messages;

        @Activate
        public HelpRequests(@Reference MessageService messages) {
            this.messages = messages;
        }

        @POST
        @Answer(status = 201, type = Message.class)
        public Response ask(@PathParam("tenant") String tenant, HelpSpec spec) {
            Message m = Access.inTenant(tenant, () -> messages.askHelp(spec == null ? new HelpSpec(null, null) : spec));
            return Response.created(URI.create("tenants/" + tenant + "/help-requests/" + m.id())).entity(m).build();
        }

        /** {@code ?status=OPEN} (default) or {@code ALL}. */
        @GET
        public List<Message> list(@PathParam("tenant") String tenant, @QueryParam("status") String status) {
            return Access.inTenant(tenant, () -> messages.helpRequests(status));
        }

        @POST
        @Path("{id}/close")
        public Message close(@PathParam("tenant") String tenant, @PathParam("id") String id, HelpClose body) {
            return Access.inTenant(tenant, () -> messages.closeHelp(id, body));
        }
    }
}
