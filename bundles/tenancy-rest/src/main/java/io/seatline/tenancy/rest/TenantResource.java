package io.seatline.tenancy.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Requests;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.tenancy.SeatRentalChange;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantSpec;
import io.seatline.tenancy.TenantStatus;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Tenants: the operator provisions and manages them; a tenant's users may read their own. */
@Component(service = RestResource.class)
@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TenantResource implements RestResource {
    private final TenantService tenants;

    @Activate
    public TenantResource(@Reference TenantService tenants) {
        this.tenants = tenants;
    }

    /** Operator: list tenants, optionally by status and a part of their id or name ({@code q}). */
    @GET
    public Page<Tenant> list(@QueryParam("status") String status, @QueryParam("q") String q, @QueryParam("sort") String sort,
                             @QueryParam("offset") Integer offset,
                             @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        TenantStatus st = null;
        if (status != null) {
            try {
                st = TenantStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("invalid_status", "status must be ACTIVE, SUSPENDED or CLOSED", "status");
            }
        }
        TenantStatus filter = st;
        return Access.operator(() -> tenants.list(filter, q, io.seatline.core.Sort.parse(sort), w[0], w[1]));
    }

    /** Operator: provision a tenant. */
    @POST
    @Answer(status = 201, type = Tenant.class)
    public Response create(TenantSpec spec) {
        Tenant t = Access.operator(() -> tenants.create(Access.body(spec)));
        return Response.created(URI.create("tenants/" + t.id())).entity(t).build();
    }

    @GET
    @Path("{tenant}")
    public Tenant get(@PathParam("tenant") String tenant) {
        Tenant t = Access.inTenant(tenant, () -> tenants.get(tenant));
        if (TenantContext.current().operator()) {
            return t;
        }
        // where the tenant was provisioned from (a server path) is the operator's business
        return new Tenant(t.id(), t.displayName(), t.status(), t.timezone(), t.locale(), t.contactName(), t.contactEmail(),
            t.contactPhone(), t.planRef(), t.dedicatedSeats(), t.sharedSeats(), null, t.createdAt(), t.updatedAt());
    }

    /** Operator: change display data or seat counts (fields left out keep their value). */
    @PATCH
    @Path("{tenant}")
    public Tenant update(@PathParam("tenant") String tenant, TenantSpec spec) {
        return Access.operator(() -> tenants.update(tenant, Access.body(spec)));
    }

    @PUT
    @Path("{tenant}")
    public Tenant replace(@PathParam("tenant") String tenant, TenantSpec spec) {
        return update(tenant, spec);
    }

    /** Operator: closes the tenant (data is kept; CLOSED is final). */
    @DELETE
    @Path("{tenant}")
    public Tenant close(@PathParam("tenant") String tenant) {
        return Access.operator(() -> tenants.close(tenant, "closed via API"));
    }

    @POST
    @Path("{tenant}/suspend")
    public Tenant suspend(@PathParam("tenant") String tenant, Requests.Reason reason) {
        return Access.operator(() -> tenants.suspend(tenant, reason(reason)));
    }

    @POST
    @Path("{tenant}/resume")
    public Tenant resume(@PathParam("tenant") String tenant) {
        return Access.operator(() -> tenants.resume(tenant));
    }

    @POST
    @Path("{tenant}/close")
    public Tenant closeWithReason(@PathParam("tenant") String tenant, Requests.Reason reason) {
        return Access.operator(() -> tenants.close(tenant, reason(reason)));
    }

    /** Suspending or closing a tenant is audited with its reason: {"reason": "..."} is required. */
    private static String reason(Requests.Reason body) {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            throw new io.seatline.core.ValidationException("reason_required", "say why: {\"reason\": \"...\"}", "reason");
        }
        return body.reason().strip();
    }

    /** Seat rental changes, oldest first (billing prorates from these). */
    @GET
    @Path("{tenant}/seat-history")
    public List<SeatRentalChange> seatHistory(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, () -> tenants.seatHistory(tenant));
    }
}
