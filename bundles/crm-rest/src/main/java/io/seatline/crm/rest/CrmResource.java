package io.seatline.crm.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Sse;
import io.seatline.core.Page;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
import io.seatline.crm.Interaction;
import io.seatline.crm.PushService;
import io.seatline.crm.ScreenPop;
import io.seatline.crm.Script;
import io.seatline.crm.ScriptService;
import io.seatline.rest.spi.Json;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import java.net.URI;
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
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** A tenant's customers and its custom customer fields. */
public final class CrmResource {
    private CrmResource() {}

    /** The progress and result of a customer import (POST …/customers/import): done/total, created, merged, rejected rows. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/customer-imports")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Imports implements RestResource {
        private final CrmService crm;

        @Activate
        public Imports(@Reference CrmService crm) {
            this.crm = crm;
        }

        @GET
        @Path("{id}")
        public io.seatline.crm.CustomerImport get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> crm.importStatus(id));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/customer-fields")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Fields implements RestResource {
        private final CrmService crm;

        @Activate
        public Fields(@Reference CrmService crm) {
            this.crm = crm;
        }

        @GET
        public List<FieldDef> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, crm::fields);
        }

        /** Replaces the definitions; 409 with the field when stored data would become invalid. */
        @PUT
        public List<FieldDef> save(@PathParam("tenant") String tenant, List<FieldDef> defs) {
            return Access.inTenant(tenant, () -> crm.saveFields(Access.body(defs)));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/customers")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Customers implements RestResource {
        private final CrmService crm;

        @Activate
        public Customers(@Reference CrmService crm) {
            this.crm = crm;
        }

        /** Search: q (name contains), phone, email, tag, and field.NAME=value for custom fields; sort by name, created or updated. */
        @GET
        public Page<Customer> search(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("phone") String phone,
                                     @QueryParam("email") String email, @QueryParam("tag") String tag, @QueryParam("sort") String sort,
                                     @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit, @Context UriInfo uri) {
            int[] w = Page.window(offset, limit);
            Map<String, String> fields = new LinkedHashMap<>();
            uri.getQueryParameters().forEach((k, v) -> {
                if (k.startsWith("field.") && !v.isEmpty()) {
                    fields.put(k.substring(6), v.get(0));
                }
            });
            return Access.inTenant(tenant, () -> crm.search(q, phone, email, tag, fields, io.seatline.core.Sort.parse(sort), w[0], w[1]));
        }

        /** CSV upload (the file is the body); ?merge=true merges rows into the customers with their phone or e-mail. 202 + progress. */
        @POST
        @Path("import")
        @Consumes({"text/csv", MediaType.WILDCARD})
        @Answer(status = 202, type = io.seatline.crm.CustomerImport.class)
        public Response importCsv(@PathParam("tenant") String tenant, @QueryParam("merge") Boolean merge, byte[] csv) {
            io.seatline.crm.CustomerImport j = Access.inTenant(tenant, () -> crm.startImport(csv, Boolean.TRUE.equals(merge)));
            return Response.status(202).location(URI.create("tenants/" + tenant + "/customer-imports/" + j.id())).entity(j).build();
        }

        /** Every customer as CSV (UTF-8 with BOM, opens in Excel), in the import's columns. */
        @GET
        @Path("export")
        @Produces("text/csv; charset=UTF-8")
        @Answer(media = "text/csv")
        public Response export(@PathParam("tenant") String tenant) {
            byte[] csv = Access.inTenant(tenant, crm::export);
            return Response.ok(csv, "text/csv; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"customers-" + tenant + ".csv\"")
                .build();
        }

        /** Groups of customers sharing a phone or e-mail; ?customer=ID: only the groups of that customer. */
        @GET
        @Path("duplicates")
        public Page<io.seatline.crm.CustomerDuplicate> duplicates(@PathParam("tenant") String tenant, @QueryParam("customer") String customer,
                                                                 @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return Access.inTenant(tenant, () -> crm.duplicates(customer, w[0], w[1]));
        }

        /** {"source": ID}: merges that customer into this one (history and tickets move, the source is deleted). */
        @POST
        @Path("{id}/merge")
        public io.seatline.crm.CustomerMerge merge(@PathParam("tenant") String tenant, @PathParam("id") String id, MergeRequest body) {
            MergeRequest b = Access.body(body);
            if (b.source() == null || b.source().isBlank()) {
                throw new io.seatline.core.ValidationException("source_required", "name the customer to merge into this one: {\"source\": id}",
                    "source");
            }
            return Access.inTenant(tenant, () -> crm.merge(id, b.source()));
        }

        /** Screen pop: the customers with this phone, most recently updated first. */
        @GET
        @Path("lookup")
        public List<Customer> lookup(@PathParam("tenant") String tenant, @QueryParam("phone") String phone) {
            return Access.inTenant(tenant, () -> crm.lookup(phone));
        }

        @POST
        @Answer(status = 201, type = Customer.class)
        public Response create(@PathParam("tenant") String tenant, CustomerSpec spec) {
            Customer c = Access.inTenant(tenant, () -> crm.create(Access.body(spec)));
            return Response.created(URI.create("tenants/" + tenant + "/customers/" + c.id())).entity(c).build();
        }

        @GET
        @Path("{id}")
        public Customer get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> crm.get(id));
        }

        @PUT
        @Path("{id}")
        public Customer update(@PathParam("tenant") String tenant, @PathParam("id") String id, CustomerSpec spec) {
            return Access.inTenant(tenant, () -> crm.update(id, Access.body(spec)));
        }

        @DELETE
        @Path("{id}")
        @Answer(status = 204)
        public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            Access.inTenant(tenant, () -> {
                crm.delete(id);
                return null;
            });
            return Response.noContent().build();
        }

        /** The customer's calls, notes, tickets and dispositions, newest first. */
        @GET
        @Path("{id}/history")
        public List<Interaction> history(@PathParam("tenant") String tenant, @PathParam("id") String id, @QueryParam("offset") Integer offset,
                                         @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return Access.inTenant(tenant, () -> crm.history(id, w[0], w[1]));
        }

        /** {"text": "...", "callId": optional} */
        @POST
        @Path("{id}/notes")
        @Answer(status = 201, type = Interaction.class)
        public Response note(@PathParam("tenant") String tenant, @PathParam("id") String id, NoteRequest body) {
            NoteRequest b = Access.body(body);
            Interaction n = Access.inTenant(tenant, () -> crm.addNote(id, b.text(), b.callId()));
            return Response.status(201).entity(n).build();
        }
    }

    /** Call scripts (话术) of queues and campaigns. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/scripts")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Scripts implements RestResource {
        private final ScriptService scripts;

        @Activate
        public Scripts(@Reference ScriptService scripts) {
            this.scripts = scripts;
        }

        @GET
        public List<Script> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, scripts::list);
        }

        @GET
        @Path("{name}")
        public Script get(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            return Access.inTenant(tenant, () -> scripts.get(name));
        }

        /** Creates or replaces; the name in the path wins. 400 names the step of an unknown variable or branch. */
        @PUT
        @Path("{name}")
        public Script put(@PathParam("tenant") String tenant, @PathParam("name") String name, Script script) {
            Script s = Access.body(script);
            return Access.inTenant(tenant, () -> scripts.save(new Script(name, s.title(), s.queue(), s.campaign(), s.start(),
                s.steps(), null)));
        }

        @DELETE
        @Path("{name}")
        @Answer(status = 204)
        public Response delete(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            Access.inTenant(tenant, () -> {
                scripts.delete(name);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /**
     * The signed-in user's own channel: {@code GET /me/screen-pops} (the latest, newest first) and {@code GET /me/events}
     * (server-sent events {@code screen-pop}, {@code notification}, {@code message}, {@code help} and {@code help-closed} as
     * they happen). A supervisor may read an agent's
     * pops with {@code GET /screen-pops?user=}.
     */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/me")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Me implements RestResource {
        private final PushService push;

        @Activate
        public Me(@Reference PushService push) {
            this.push = push;
        }

        @GET
        @Path("screen-pops")
        public List<ScreenPop> myPops(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, () -> push.screenPops(me()));
        }

        @GET
        @Path("events")
        @Produces("text/event-stream")
        @Answer(media = "text/event-stream")
        public Response events(@PathParam("tenant") String tenant) {
            String me = Access.inTenant(tenant, Me::me);
            return Sse.stream(Json.MAPPER, List.of(new Sse.Frame("hello", Map.of("userId", me))),
                sink -> TenantContext.within(tenant, () -> push.subscribe(me, p -> sink.accept(new Sse.Frame(p.event(), p.data())))));
        }

        /** A supervisor's view of an agent's latest pops: {@code GET /tenants/{t}/screen-pops?user=}. */
        @Component(service = RestResource.class)
        @Path("/tenants/{tenant}/screen-pops")
        @Produces(MediaType.APPLICATION_JSON)
        public static class OfAgent implements RestResource {
            private final PushService push;

            @Activate
            public OfAgent(@Reference PushService push) {
                this.push = push;
            }

            @GET
            public List<ScreenPop> pops(@PathParam("tenant") String tenant, @QueryParam("user") String user) {
                return Access.inTenant(tenant, () -> push.screenPops(user));
            }
        }

        static String me() {
            String id = TenantContext.current().userId();
            if (id == null || TenantContext.current().operator()) {
                throw new ValidationException("user_required", "only a tenant user has a push channel (sign in as the agent)", null);
            }
            return id;
        }
    }

    /** The customer to merge into the one in the path. */
    public record MergeRequest(String source) {
    }

    /** A note on a customer, optionally about one of the tenant's calls. */
    public record NoteRequest(String text, String callId) {
    }
}
