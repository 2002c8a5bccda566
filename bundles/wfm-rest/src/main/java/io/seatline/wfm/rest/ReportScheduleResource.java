package io.seatline.wfm.rest;

import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import io.seatline.reports.ReportScheduleService;
import io.seatline.reports.ReportScheduleService.ReportSchedule;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A company's reports mailed on a schedule: daily, weekly or monthly, as XLSX or CSV, in English or Chinese. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/report-schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReportScheduleResource implements RestResource {
    private final ReportScheduleService schedules;

    @Activate
    public ReportScheduleResource(@Reference ReportScheduleService schedules) {
        this.schedules = schedules;
    }

    @GET
    public List<ReportSchedule> list(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, schedules::schedules);
    }

    /** Creates a schedule: {@code name, cadence, hour, day, granularity, by, queue, team, compare, format, language, recipients}. */
    @POST
    @Answer(status = 201, type = ReportSchedule.class)
    public Response create(@PathParam("tenant") String tenant, ReportSchedule s) {
        Access.body(s);
        ReportSchedule saved = Access.inTenant(tenant, () -> schedules.save(withId(null, s)));
        return Response.status(201).entity(saved).build();
    }

    @PUT
    @Path("{id}")
    public ReportSchedule save(@PathParam("tenant") String tenant, @PathParam("id") String id, ReportSchedule s) {
        Access.body(s);
        return Access.inTenant(tenant, () -> schedules.save(withId(id, s)));
    }

    @DELETE
    @Path("{id}")
    @Answer(status = 204)
    public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Access.inTenant(tenant, () -> {
            schedules.delete(id);
            return null;
        });
        return Response.noContent().build();
    }

    /** Sends the report of the period just ended now (within seconds), then keeps the schedule. */
    @POST
    @Path("{id}/send")
    public ReportSchedule send(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> schedules.sendNow(id));
    }

    private static ReportSchedule withId(String id, ReportSchedule s) {
        return new ReportSchedule(id, s.name(), s.cadence(), s.hour(), s.day(), s.granularity(), s.by(), s.queue(), s.team(), s.compare(), s.format(),
            s.language(), s.recipients(), null, null, null, null);
    }
}
