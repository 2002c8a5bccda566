package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.telephony.CallInfo;
import io.seatline.telephony.CallService;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrService;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.OriginateRequest;
import io.seatline.telephony.TransferTarget;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
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

/** Calls in progress and their control; CDRs. Agents may control the calls they are on. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CallResource {
    private CallResource() {}

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/calls")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Calls implements RestResource {
        private final CallService calls;
        private final MediaService media;

        @Activate
        public Calls(@Reference CallService calls, @Reference MediaService media) {
            this.calls = calls;
            this.media = media;
        }

        @GET
        public List<CallInfo> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, calls::calls).stream().map(c -> unseenSupervision(tenant, c)).toList();
        }

        @GET
        @Path("{id}")
        public CallInfo get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return control(tenant, () -> calls.call(id));
        }

        /** Outbound origination: {@code {"number":"8613800000000","target":{"agentUserId":"…"}|{"queue":"sales"}}}. */
        @POST
        @Answer(status = 201, type = CallInfo.class)
        public Response originate(@PathParam("tenant") String tenant, OriginateRequest body) {
            OriginateRequest req = Access.body(body);
            CallInfo c = unseenSupervision(tenant, Access.inTenant(tenant, () -> calls.originate(req)));
            return Response.status(201).entity(c).build();
        }

        @POST
        @Path("{id}/hangup")
        @Answer(status = 204)
        public Response hangup(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            control(tenant, () -> {
                calls.hangup(id);
                return null;
            });
            return Response.noContent().build();
        }

        @POST
        @Path("{id}/hold")
        public CallInfo hold(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return control(tenant, () -> calls.hold(id));
        }

        @POST
        @Path("{id}/resume")
        public CallInfo resume(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return control(tenant, () -> calls.resume(id));
        }

        /** Blind transfer: {@code {"agentUserId":"…"}}, {@code {"queue":"…"}} or {@code {"number":"…"}}. */
        @POST
        @Path("{id}/transfer")
        public CallInfo transfer(@PathParam("tenant") String tenant, @PathParam("id") String id, TransferTarget target) {
            TransferTarget t = Access.body(target);
            return control(tenant, () -> calls.transfer(id, t));
        }

        /** Attended transfer, step 1: hold the customer and call the target. */
        @POST
        @Path("{id}/consult")
        public CallInfo consult(@PathParam("tenant") String tenant, @PathParam("id") String id, TransferTarget target) {
            TransferTarget t = Access.body(target);
            return control(tenant, () -> calls.consult(id, t));
        }

        @POST
        @Path("{id}/complete-transfer")
        public CallInfo complete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return control(tenant, () -> calls.completeTransfer(id));
        }

        @POST
        @Path("{id}/cancel-consult")
        public CallInfo cancelConsult(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return control(tenant, () -> calls.cancelConsult(id));
        }

        /** Supervisors (calls:control) may act on any call of the tenant; an agent only on the call it is on (CallService checks). */
        private CallInfo control(String tenant, Supplier<CallInfo> work) {
            return unseenSupervision(tenant, Access.inTenant(tenant, work));
        }

        /** Silent monitoring stays silent: who lacks calls:supervise (the monitored agent) does not see supervisors. */
        static CallInfo unseenSupervision(String tenant, CallInfo c) {
            if (c == null || c.parties() == null || TenantContext.current().isPermitted(Roles.perm(tenant, "calls", "supervise"))) {
                return c;
            }
            return new CallInfo(c.id(), c.tenantId(), c.direction(), c.from(), c.to(), c.did(), c.queue(), c.state(), c.agentUserId(),
                c.agentLogin(), c.offeredAt(), c.answeredAt(), c.data(),
                c.parties().stream().filter(p -> !"SUPERVISOR".equals(p.kind())).toList());
        }

        // ---------------------------------------------------------- media actions on a live call

        /** {@code {"on":true}} starts recording the call, {@code {"on":false}} stops it. */
        @POST
        @Path("{id}/recording")
        @Answer(status = 204)
        public Response record(@PathParam("tenant") String tenant, @PathParam("id") String id, Bodies.Record body) {
            Bodies.Record r = Access.body(body);
            Access.inTenant(tenant, () -> {
                media.record(id, !Boolean.FALSE.equals(r.on()));
                return null;
            });
            return Response.noContent().build();
        }

        /** A supervisor listens: {@code {"mode":"MONITOR|WHISPER|BARGE"}}; the supervisor's own phone rings. */
        @POST
        @Path("{id}/supervise")
        @Answer(status = 202)
        public Response supervise(@PathParam("tenant") String tenant, @PathParam("id") String id, Bodies.Supervise body) {
            Bodies.Supervise r = Access.body(body);
            Access.inTenant(tenant, () -> {
                String user = r.supervisorUserId() != null ? r.supervisorUserId() : TenantContext.current().userId();
                if (user == null) {
                    throw new ValidationException("required", "supervisorUserId is required when the caller is not a user", "supervisorUserId");
                }
                media.supervise(id, user, r.mode());
                return null;
            });
            return Response.accepted().build();
        }

        @DELETE
        @Path("{id}/supervise/{userId}")
        @Answer(status = 204)
        public Response stopSupervising(@PathParam("tenant") String tenant, @PathParam("id") String id, @PathParam("userId") String userId) {
            Access.inTenant(tenant, () -> {
                media.stopSupervising(id, userId);
                return null;
            });
            return Response.noContent().build();
        }

        /** Adds a party (another agent or a number) to the call: a three-way call or small conference. */
        @POST
        @Path("{id}/parties")
        @Answer(status = 202)
        public Response addParty(@PathParam("tenant") String tenant, @PathParam("id") String id, TransferTarget body) {
            TransferTarget t = Access.body(body);
            Access.inTenant(tenant, () -> {
                media.addParty(id, t);
                return null;
            });
            return Response.accepted().build();
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/cdrs")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Cdrs implements RestResource {
        private final CdrService cdrs;

        @Activate
        public Cdrs(@Reference CdrService cdrs) {
            this.cdrs = cdrs;
        }

        /**
         * Newest first, or by {@code sort} (offered, wait, talk, hold, queue, agent, result); filters {@code from}/{@code to}
         * (ISO-8601 instants), {@code queue}, {@code agent}, {@code disposition}.
         */
        @GET
        public Page<Cdr> list(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("queue") String queue, @QueryParam("agent") String agent,
                              @QueryParam("disposition") String disposition, @QueryParam("sort") String sort,
                              @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            Instant f = Requests.instant(from, "from");
            Instant t = Requests.instant(to, "to");
            return Access.inTenant(tenant, () -> cdrs.list(f, t, queue, agent, disposition, io.seatline.core.Sort.parse(sort), w[0], w[1]));
        }

        @GET
        @Path("{id}")
        public Cdr get(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> cdrs.get(id));
        }

        /** Satisfaction survey results: overall, per agent and per queue; same filters as the list. */
        @GET
        @Path("/csat")
        public io.seatline.telephony.CsatSummary csat(@PathParam("tenant") String tenant, @QueryParam("from") String from,
                                                      @QueryParam("to") String to, @QueryParam("queue") String queue,
                                                      @QueryParam("agent") String agent) {
            Instant f = Requests.instant(from, "from");
            Instant t = Requests.instant(to, "to");
            return Access.inTenant(tenant, () -> cdrs.csat(f, t, queue, agent));
        }
    }
}
