package io.seatline.rest.internal;

import io.seatline.core.Page;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.crm.CustomerSpec;
import io.seatline.crm.FieldDef;
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

    @Path("/tenants/{tenant}/customer-fields")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Fields {
        private final CrmService crm;

        public Fields(CrmService crm) {
            this.crm = crm;
        }

        @GET
        public List<FieldDef> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, "customers", "read", crm::fields);
        }

        /** Replaces the definitions; 409 with the field when stored data would become invalid. */
        @PUT
        public List<FieldDef> save(@PathParam("tenant") String tenant, List<FieldDef> defs) {
            return Access.inTenant(tenant, "customer-fields", "write", () -> crm.saveFields(Access.body(defs)));
        }
    }

    @Path("/tenants/{tenant}/customers")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Customers {
        private final CrmService crm;

        public Customers(CrmService crm) {
            this.crm = crm;
        }

        /** Search: q (name contains), phone, email, tag, and field.NAME=value for custom fields. */
        @GET
        public Page<Customer> search(@PathParam("tenant") String tenant, @QueryParam("q") String q, @QueryParam("phone") String phone,
                                     @QueryParam("email") String email, @QueryParam("tag") String tag, @QueryParam("offset") Integer offset,
                                     @QueryParam("limit") Integer limit, @Context UriInfo uri) {
            int[] w = Page.window(offset, limit);
            Map<String, String> fields = new LinkedHashMap<>();
            uri.getQueryParameters().forEach((k, v) -> {
                if (k.startsWith("field.") && !v.isEmpty()) {
                    fields.put(k.substring(6), v.get(0));
                }
            });
            return Access.inTenant(tenant, "customers", "read", () -> crm.search(q, phone, email, tag, fields, w[0], w[1]));
        }

        /** Screen pop: the customers with this phone, most recently updated first. */
        @GET
        @Path("lookup")
        public List<Customer> lookup(@PathParam("tenant") String tenant, @QueryParam("phone") String phone) {
            return Access.inTenant(tenant, "customers", "read", () -> crm.lookup(phone));
        }

        @POST
        public Response create(@PathParam("tenant") String tenant, CustomerSpec spec) {
            Customer c = Access.inTenant(tenant, "customers", "write", () -> crm.create(Access.body(spec)));
            return Response.created(URI.create("tenants/" + tenant + "/customers/" + c.id())).entity(c).build();
        }

        @GET
        @Path("{id}")
        public Customer get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, "customers", "read", () -> crm.get(id));
        }

        @PUT
        @Path("{id}")
        public Customer update(@PathParam("tenant") String tenant, @PathParam("id") String id, CustomerSpec spec) {
            return Access.inTenant(tenant, "customers", "write", () -> crm.update(id, Access.body(spec)));
        }

        @DELETE
        @Path("{id}")
        public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            Access.inTenant(tenant, "customers", "delete", () -> {
                crm.delete(id);
                return null;
            });
            return Response.noContent().build();
        }
    }
}
