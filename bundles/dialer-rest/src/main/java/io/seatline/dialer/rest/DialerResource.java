package io.seatline.dialer.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.dialer.Campaign;
import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.CampaignStats;
import io.seatline.dialer.Contact;
import io.seatline.dialer.ContactList;
import io.seatline.dialer.DialerService;
import io.seatline.dialer.Disposition;
import io.seatline.dialer.DispositionRequest;
import io.seatline.dialer.DncEntry;
import io.seatline.dialer.ImportReport;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** The dialer over REST: campaigns, lists and imports, contacts, DNC lists, dispositions, preview dialling. */
public final class DialerResource {
    private DialerResource() {}

    /** The caller's own user id (agents act for themselves). */
    private static String me() {
        String id = TenantContext.current().userId();
        if (id == null) {
            throw new ValidationException("user_required", "this action is an agent's: call it with the agent's credentials", null);
        }
        return id;
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/campaigns")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Campaigns implements RestResource {
        private final DialerService dialer;

        @Activate
        public Campaigns(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        @GET
        public List<Campaign> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, dialer::campaigns);
        }

        @POST
        @Answer(status = 201, type = Campaign.class)
        public Response create(@PathParam("tenant") String tenant, CampaignSpec spec) {
            Campaign c = Access.inTenant(tenant, () -> dialer.createCampaign(Access.body(spec)));
            return Response.created(URI.create("tenants/" + tenant + "/campaigns/" + c.id())).entity(c).build();
        }

        @GET
        @Path("{id}")
        public Campaign get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.campaign(id));
        }

        @PUT
        @Path("{id}")
        public Campaign update(@PathParam("tenant") String tenant, @PathParam("id") String id, CampaignSpec spec) {
            return Access.inTenant(tenant, () -> dialer.updateCampaign(id, Access.body(spec)));
        }

        @DELETE
        @Path("{id}")
        @Answer(status = 204)
        public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            Access.inTenant(tenant, () -> {
                dialer.deleteCampaign(id);
                return null;
            });
            return Response.noContent().build();
        }

        @POST
        @Path("{id}/start")
        public Campaign start(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.start(id));
        }

        @POST
        @Path("{id}/pause")
        public Campaign pause(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.pause(id));
        }

        @POST
        @Path("{id}/stop")
        public Campaign stop(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.stop(id));
        }

        /** Live figures: dialled, answered, abandoned, abandon rate in the window, agents, occupancy, contacts left. */
        @GET
        @Path("{id}/stats")
        public CampaignStats stats(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.stats(id));
        }

        /** Live answers and abandoned calls in [from, to) (default: the last 30 days). */
        @GET
        @Path("{id}/abandons")
        public Map<String, Long> abandons(@PathParam("tenant") String tenant, @PathParam("id") String id, @QueryParam("from") String from,
                                          @QueryParam("to") String to) {
            Instant t = to == null ? Instant.now() : Requests.instant(to, "to");
            Instant f = from == null ? t.minusSeconds(30L * 86400) : Requests.instant(from, "from");
            return Access.inTenant(tenant, () -> dialer.abandonCounts(id, f, t));
        }

        @GET
        @Path("{id}/lists")
        public List<ContactList> lists(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.lists(id));
        }

        /**
         * Imports a CSV file (UTF-8 or GBK) into the list {@code name} (created, or appended to). Runs in the background:
         * 202 with the report to follow at {@code Location}. {@code map=header=field} (repeatable) maps columns to
         * contact fields; without it the headers are the field names and one must be {@code phone}.
         */
        @POST
        @Path("{id}/lists/{name}/import")
        @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
        @Answer(status = 202, type = ImportReport.class)
        public Response importCsv(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("name") String name,
                                  @QueryParam("map") List<String> map, byte[] body) {
            Map<String, String> mapping = null;
            if (map != null && !map.isEmpty()) {
                mapping = new LinkedHashMap<>();
                for (String m : map) {
                    int eq = m.lastIndexOf('=');
                    if (eq <= 0 || eq == m.length() - 1) {
                        throw new ValidationException("invalid_mapping", "map entries are header=field, got '" + m + "'", "map");
                    }
                    mapping.put(m.substring(0, eq), m.substring(eq + 1));
                }
            }
            Map<String, String> mp = mapping;
            ImportReport r = Access.inTenant(tenant, () -> dialer.importCsv(id, name, body, mp, "upload"));
            return Response.accepted(r).location(URI.create("tenants/" + tenant + "/imports/" + r.id())).build();
        }

        @POST
        @Path("{id}/preview/next")
        @Answer(type = Contact.class)
        public Response previewNext(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            Contact c = Access.inTenant(tenant, () -> dialer.previewNext(id, me()));
            return c == null ? Response.noContent().build() : Response.ok(c).build();
        }

        @POST
        @Path("{id}/preview/{contact}/dial")
        public Map<String, String> previewDial(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("contact") String contact) {
            return Access.inTenant(tenant, () -> Map.of("callId", dialer.previewDial(id, contact, me())));
        }

        @POST
        @Path("{id}/preview/{contact}/skip")
        @Answer(status = 204)
        public Response previewSkip(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("contact") String contact) {
            Access.inTenant(tenant, () -> {
                dialer.previewSkip(id, contact, me());
                return null;
            });
            return Response.noContent().build();
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/imports")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Imports implements RestResource {
        private final DialerService dialer;

        @Activate
        public Imports(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        /** Progress (rows done/total) while it runs; every rejected row with line and reason when done. */
        @GET
        @Path("{id}")
        public ImportReport get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.importReport(id));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/lists")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Lists implements RestResource {
        private final DialerService dialer;

        @Activate
        public Lists(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        @GET
        @Path("{id}")
        public ContactList get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.list(id));
        }

        /** {"status": "ACTIVE" | "PAUSED"} */
        @PUT
        @Path("{id}/status")
        public ContactList status(@PathParam("tenant") String tenant, @PathParam("id") String id, ListStatusRequest body) {
            return Access.inTenant(tenant, () -> dialer.setListStatus(id, Access.body(body).status()));
        }

        @GET
        @Path("{id}/contacts")
        public List<Contact> contacts(@PathParam("tenant") String tenant, @PathParam("id") String id, @QueryParam("status") String status,
                                      @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return Access.inTenant(tenant, () -> dialer.contacts(id, status, w[0], w[1]));
        }

        /** {"outcomes": ["NO_ANSWER", "BUSY"]}: those contacts are callable again. */
        @POST
        @Path("{id}/recycle")
        public Map<String, Integer> recycle(@PathParam("tenant") String tenant, @PathParam("id") String id, Map<String, List<String>> body) {
            return Access.inTenant(tenant, () -> Map.of("recycled", dialer.recycle(id, Access.body(body).get("outcomes"))));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/contacts")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Contacts implements RestResource {
        private final DialerService dialer;

        @Activate
        public Contacts(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        /** The contact with its outcome history. */
        @GET
        @Path("{id}")
        public Contact get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.contact(id));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/dispositions")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Dispositions implements RestResource {
        private final DialerService dialer;

        @Activate
        public Dispositions(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        @GET
        public List<Disposition> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, dialer::dispositions);
        }

        @PUT
        public List<Disposition> save(@PathParam("tenant") String tenant, List<Disposition> codes) {
            return Access.inTenant(tenant, () -> dialer.saveDispositions(codes));
        }

        /** The agent's outcome of a campaign call (wrap-up): {callId | contactId, code, note, callbackAt, callbackSameAgent}. */
        @POST
        @Path("apply")
        public Contact apply(@PathParam("tenant") String tenant, DispositionRequest body) {
            return Access.inTenant(tenant, () -> dialer.dispose(Access.body(body)));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/wrap-ups")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class WrapUps implements RestResource {
        private final DialerService dialer;

        @Activate
        public WrapUps(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        /**
         * The wrap-up of any call: {callId, code, note, callbackAt (local), callbackZone, callbackSameAgent, customerId}.
         * The outcome goes on the CDR and into the customer's history; a callback is scheduled (or, for a campaign
         * call, the contact is settled).
         */
        @POST
        public io.seatline.dialer.WrapUp file(@PathParam("tenant") String tenant, io.seatline.dialer.WrapUpRequest body) {
            return Access.inTenant(tenant, () -> dialer.wrapUp(Access.body(body)));
        }
    }

    /** The running campaigns the signed-in agent works (a PREVIEW one is worked from the desk: next record, dial, skip). */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/me/campaigns")
    @Produces(MediaType.APPLICATION_JSON)
    public static class MyCampaigns implements RestResource {
        private final DialerService dialer;

        @Activate
        public MyCampaigns(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        @GET
        public List<Campaign> mine(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, dialer::myCampaigns);
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/callbacks")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Callbacks implements RestResource {
        private final DialerService dialer;

        @Activate
        public Callbacks(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        /** Callbacks promised in wrap-ups of calls outside campaigns, soonest first; {@code status=OPEN} (default) or ALL. */
        @GET
        public List<io.seatline.dialer.Callback> list(@PathParam("tenant") String tenant, @QueryParam("agent") String agent,
                                                      @QueryParam("status") String status) {
            if (status != null && !status.equalsIgnoreCase("OPEN") && !status.equalsIgnoreCase("ALL")) {
                throw new ValidationException("invalid_status", "status must be OPEN or ALL", "status");
            }
            return Access.inTenant(tenant, () -> dialer.callbacks(agent, status == null || status.equalsIgnoreCase("OPEN")));
        }

        /** The callback was made. */
        @POST
        @Path("{id}/done")
        public io.seatline.dialer.Callback done(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> dialer.callbackDone(id));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/dnc")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class TenantDnc implements RestResource {
        private final DialerService dialer;

        @Activate
        public TenantDnc(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        /** Newest first, with the total; {@code number} (any part of a number's digits) narrows the list. */
        @GET
        public Page<DncEntry> list(@PathParam("tenant") String tenant, @QueryParam("number") String number, @QueryParam("offset") Integer offset,
                                   @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return Access.inTenant(tenant, () -> dialer.dnc(number, w[0], w[1]));
        }

        /** {"phone": "...", "reason": "..."} */
        @POST
        @Answer(status = 201, type = DncEntry.class)
        public Response add(@PathParam("tenant") String tenant, DncRequest body) {
            DncRequest b = Access.body(body);
            DncEntry e = Access.inTenant(tenant, () -> dialer.addDnc(b.phone(), b.reason()));
            return Response.status(201).entity(e).build();
        }

        @DELETE
        @Path("{phone}")
        @Answer(status = 204)
        public Response remove(@PathParam("tenant") String tenant, @PathParam("phone") String phone) {
            Access.inTenant(tenant, () -> {
                dialer.removeDnc(phone);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /** The operator's DNC list: numbers no tenant may call. */
    @Component(service = RestResource.class)
    @Path("/dnc")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class OperatorDnc implements RestResource {
        private final DialerService dialer;

        @Activate
        public OperatorDnc(@Reference DialerService dialer) {
            this.dialer = dialer;
        }

        /** Newest first, with the total; {@code number} (any part of a number's digits) narrows the list. */
        @GET
        public Page<DncEntry> list(@QueryParam("number") String number, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return Access.operator(() -> dialer.operatorDnc(number, w[0], w[1]));
        }

        @POST
        @Answer(status = 201, type = DncEntry.class)
        public Response add(DncRequest body) {
            DncRequest b = Access.body(body);
            DncEntry e = Access.operator(() -> dialer.addOperatorDnc(b.phone(), b.reason()));
            return Response.status(201).entity(e).build();
        }

        @DELETE
        @Path("{phone}")
        @Answer(status = 204)
        public Response remove(@PathParam("phone") String phone) {
            Access.operator(() -> {
                dialer.removeOperatorDnc(phone);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /** ACTIVE or PAUSED. */
    public record ListStatusRequest(String status) {
    }

    /** A number not to call, and why. */
    public record DncRequest(String phone, String reason) {
    }
}
