package io.seatline.wfm.rest;

import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import io.seatline.workforce.ForecastService;
import io.seatline.workforce.ForecastService.Adjustment;
import io.seatline.workforce.ForecastService.Forecast;
import io.seatline.workforce.ForecastService.ForecastQuery;
import io.seatline.workforce.ForecastService.HistoryImport;
import io.seatline.workforce.ForecastService.Target;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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

/** A company's forecasts and staffing per queue and interval, their adjustments, and call history imported from another system. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/forecasts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ForecastResource implements RestResource {
    private final ForecastService forecasts;

    @Activate
    public ForecastResource(@Reference ForecastService forecasts) {
        this.forecasts = forecasts;
    }

    /**
     * The queue's forecast for {@code days} days (7; at most 42) from {@code from} (tomorrow) by intervals of
     * {@code interval} minutes (15, 30, 60; 30), and the agents each needs for the target: {@code serviceLevel} (0.8)
     * within {@code withinSeconds} (the queue's), {@code maxOccupancy} (0.85), {@code shrinkage} (0.3), optionally
     * {@code maxAsaSeconds}, {@code patienceSeconds} (Erlang A) and {@code maxAbandonRate}.
     */
    @GET
    public Forecast forecast(@PathParam("tenant") String tenant, @QueryParam("queue") String queue, @QueryParam("from") String from,
                             @QueryParam("days") String days, @QueryParam("interval") String interval,
                             @QueryParam("serviceLevel") String serviceLevel, @QueryParam("withinSeconds") String withinSeconds,
                             @QueryParam("maxOccupancy") String maxOccupancy, @QueryParam("shrinkage") String shrinkage,
                             @QueryParam("maxAsaSeconds") String maxAsaSeconds, @QueryParam("maxAbandonRate") String maxAbandonRate,
                             @QueryParam("patienceSeconds") String patienceSeconds) {
        ForecastQuery q = new ForecastQuery(queue, Requests.date(from, "from"), Requests.integer(days, "days"),
            Requests.integer(interval, "intervalMinutes"),
            new Target(Requests.number(serviceLevel, "serviceLevel"), Requests.integer(withinSeconds, "withinSeconds"),
                Requests.number(maxOccupancy, "maxOccupancy"), Requests.number(shrinkage, "shrinkage"), Requests.number(maxAsaSeconds, "maxAsaSeconds"),
                Requests.number(maxAbandonRate, "maxAbandonRate"), Requests.number(patienceSeconds, "patienceSeconds")));
        return Access.inTenant(tenant, () -> forecasts.forecast(q));
    }

    /** The adjustments, of one queue or all. */
    @GET
    @Path("adjustments")
    public List<Adjustment> adjustments(@PathParam("tenant") String tenant, @QueryParam("queue") String queue) {
        return Access.inTenant(tenant, () -> forecasts.adjustments(queue == null || queue.isBlank() ? null : queue));
    }

    /** Adds an adjustment: {@code queue}, {@code from}, {@code to}, {@code factor} (1.4 = +40 %), {@code reason}. */
    @POST
    @Path("adjustments")
    @Answer(status = 201, type = Adjustment.class)
    public Response addAdjustment(@PathParam("tenant") String tenant, Adjustment adjustment) {
        Access.body(adjustment);
        return Response.status(201).entity(Access.inTenant(tenant, () -> forecasts.addAdjustment(adjustment))).build();
    }

    /** Removes an adjustment. */
    @DELETE
    @Path("adjustments/{id}")
    @Answer(status = 204)
    public Response removeAdjustment(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Access.inTenant(tenant, () -> {
            forecasts.removeAdjustment(id);
            return null;
        });
        return Response.noContent().build();
    }

    /**
     * Imports a queue's past calls from another system: CSV {@code start,calls,aht_seconds} by intervals of
     * {@code interval} minutes (30); good rows are kept, the others listed with their line and reason.
     */
    @POST
    @Path("history")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public HistoryImport importHistory(@PathParam("tenant") String tenant, @QueryParam("queue") String queue,
                                       @QueryParam("interval") String interval, byte[] csv) {
        Integer minutes = Requests.integer(interval, "intervalMinutes");
        return Access.inTenant(tenant, () -> forecasts.importHistory(queue, minutes == null ? 30 : minutes, csv));
    }
}
