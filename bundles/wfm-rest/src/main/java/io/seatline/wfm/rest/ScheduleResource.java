package io.seatline.wfm.rest;

import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import io.seatline.workforce.ScheduleService;
import io.seatline.workforce.ScheduleService.Availability;
import io.seatline.workforce.ScheduleService.Coverage;
import io.seatline.workforce.ScheduleService.Published;
import io.seatline.workforce.ScheduleService.RunRequest;
import io.seatline.workforce.ScheduleService.ScheduleRun;
import io.seatline.workforce.ScheduleService.Shift;
import io.seatline.workforce.ScheduleService.ShiftImport;
import io.seatline.workforce.ScheduleService.ShiftTemplate;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A company's schedules: shift templates, agents' availability, scheduler runs, shifts, publishing, an agent's own. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduleResource implements RestResource {
    private final ScheduleService schedules;

    @Activate
    public ScheduleResource(@Reference ScheduleService schedules) {
        this.schedules = schedules;
    }

    @GET
    @Path("templates")
    public List<ShiftTemplate> templates(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, schedules::templates);
    }

    /** Creates or replaces a template (its name in the path). */
    @PUT
    @Path("templates/{name}")
    public ShiftTemplate saveTemplate(@PathParam("tenant") String tenant, @PathParam("name") String name, ShiftTemplate t) {
        Access.body(t);
        return Access.inTenant(tenant, () -> schedules.saveTemplate(new ShiftTemplate(name, t.earliestStart(), t.latestStart(), t.minutes(), t.breaks())));
    }

    @DELETE
    @Path("templates/{name}")
    @Answer(status = 204)
    public Response deleteTemplate(@PathParam("tenant") String tenant, @PathParam("name") String name) {
        Access.inTenant(tenant, () -> {
            schedules.deleteTemplate(name);
            return null;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("availability")
    public List<Availability> availability(@PathParam("tenant") String tenant) {
        return Access.inTenant(tenant, schedules::availability);
    }

    /** Sets an agent's availability: {@code days} (MON..SUN → "08:00-18:00"), {@code maxDaysPerWeek}, {@code minRestMinutes}. */
    @PUT
    @Path("availability/{user}")
    public Availability saveAvailability(@PathParam("tenant") String tenant, @PathParam("user") String user, Availability a) {
        Access.body(a);
        return Access.inTenant(tenant, () -> schedules.saveAvailability(new Availability(user, null, a.days(), a.maxDaysPerWeek(), a.minRestMinutes())));
    }

    /** Starts the scheduler for a queue's forecast: 202 and the run, whose progress {@code GET runs/{id}} reports. */
    @POST
    @Path("runs")
    @Answer(status = 202, type = ScheduleRun.class)
    public Response startRun(@PathParam("tenant") String tenant, RunRequest r) {
        Access.body(r);
        ScheduleRun run = Access.inTenant(tenant, () -> schedules.startRun(r));
        return Response.status(202).location(URI.create("tenants/" + tenant + "/schedules/runs/" + run.id())).entity(run).build();
    }

    @GET
    @Path("runs/{id}")
    public ScheduleRun run(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        return Access.inTenant(tenant, () -> schedules.run(id));
    }

    /** Shifts of [from, to], of one agent or all, drafts and published. */
    @GET
    @Path("shifts")
    public List<Shift> shifts(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("agent") String agent) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return Access.inTenant(tenant, () -> schedules.shifts(f, t, agent == null || agent.isBlank() ? null : agent));
    }

    /** Adds a shift (a draft). */
    @POST
    @Path("shifts")
    @Answer(status = 201, type = Shift.class)
    public Response addShift(@PathParam("tenant") String tenant, Shift s) {
        Access.body(s);
        Shift saved = Access.inTenant(tenant, () -> schedules.saveShift(new Shift(null, s.agentUserId(), null, s.template(), s.start(), s.end(),
            s.activities(), null)));
        return Response.status(201).entity(saved).build();
    }

    /** Changes a shift (moved, resized, its activities): a draft again until published. */
    @PUT
    @Path("shifts/{id}")
    public Shift saveShift(@PathParam("tenant") String tenant, @PathParam("id") String id, Shift s) {
        Access.body(s);
        return Access.inTenant(tenant, () -> schedules.saveShift(new Shift(id, s.agentUserId(), null, s.template(), s.start(), s.end(), s.activities(), null)));
    }

    @DELETE
    @Path("shifts/{id}")
    @Answer(status = 204)
    public Response deleteShift(@PathParam("tenant") String tenant, @PathParam("id") String id) {
        Access.inTenant(tenant, () -> {
            schedules.deleteShift(id);
            return null;
        });
        return Response.noContent().build();
    }

    /** Publishes the drafts of [from, to]. */
    @POST
    @Path("publish")
    public Published publish(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return Access.inTenant(tenant, () -> schedules.publish(f, t));
    }

    /** The caller's own published shifts of [from, to]. */
    @GET
    @Path("mine")
    public List<Shift> mine(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        return Access.inTenant(tenant, () -> schedules.mine(f, t));
    }

    /** Per interval of [from, to]: agents required by the queue's forecast and scheduled on the phones. */
    @GET
    @Path("coverage")
    public Coverage coverage(@PathParam("tenant") String tenant, @QueryParam("queue") String queue, @QueryParam("from") String from,
                             @QueryParam("to") String to, @QueryParam("interval") String interval) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        Integer minutes = Requests.integer(interval, "intervalMinutes");
        return Access.inTenant(tenant, () -> schedules.coverage(queue, f, t, minutes == null ? 30 : minutes));
    }

    /** The shifts of [from, to] as CSV (UTF-8 with BOM). */
    @GET
    @Path("shifts/export")
    @Produces({"text/csv; charset=UTF-8", MediaType.APPLICATION_JSON})
    @Answer(media = "text/csv")
    public Response export(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate f = Requests.date(from, "from");
        LocalDate t = Requests.date(to, "to");
        byte[] csv = Access.inTenant(tenant, () -> schedules.export(f, t));
        return Response.ok(csv, "text/csv; charset=UTF-8").header("Content-Disposition", "attachment; filename=\"schedule-" + tenant + "-" + f + ".csv\"").build();
    }

    /** Imports shifts as drafts from CSV in the export's columns; good rows kept, the others reported. */
    @POST
    @Path("shifts/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public ShiftImport importShifts(@PathParam("tenant") String tenant, byte[] csv) {
        return Access.inTenant(tenant, () -> schedules.importShifts(csv));
    }
}
