package io.seatline.tenancy.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.tenancy.Seat;
import io.seatline.tenancy.SeatOverview;
import io.seatline.tenancy.SeatService;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** Seats of a tenant. Agents may log themselves in and out. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/seats")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SeatResource implements RestResource {
    private final SeatService seats;

    @Activate
    public SeatResource(@Reference SeatService seats) {
        this.seats = seats;
    }

    @GET
    public SeatOverview overview(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, seats::overview);
    }

    /** Logs an agent into a seat ({@code seatId} may be {@code auto}). */
    @POST
    @Path("assignments")
    @Answer(status = 201, type = Seat.class)
    public Response assign(@PathParam("tenant") String tenant, Bodies.Assign body) {
        Bodies.Assign req = Access.body(body);
        Seat seat = Access.inTenant(tenant, () -> seats.assign(req.seatId(), req.userId()));
        return Response.status(201).entity(seat).build();
    }

    /** Logs whoever sits in the seat out. */
    @DELETE
    @Path("{seat}/assignment")
    public Seat release(@PathParam("tenant") String tenant, @PathParam("seat") String seat) {
        // "self" callers may only release their own seat: SeatService checks the occupant in the same transaction.
        return Access.inTenant(tenant, () -> seats.release(seat));
    }
}
