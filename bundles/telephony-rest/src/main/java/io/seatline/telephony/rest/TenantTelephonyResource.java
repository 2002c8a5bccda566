package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.CallQueue;
import io.seatline.telephony.Did;
import io.seatline.telephony.QueueSpec;
import io.seatline.telephony.QueueStats;
import io.seatline.telephony.ReasonCode;
import io.seatline.telephony.TelephonyAdminService;
import io.seatline.core.ValidationException;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** A tenant's ACD configuration: queues (with live figures), DIDs' entry queues, NOT_READY reason codes. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TenantTelephonyResource {
    private TenantTelephonyResource() {}

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/queues")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Queues implements RestResource {
        private final AcdService acd;

        @Activate
        public Queues(@Reference AcdService acd) {
            this.acd = acd;
        }

        @GET
        public List<CallQueue> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, acd::queues);
        }

        /** Live figures of every queue: waiting, longest wait, agents ready/busy/not ready, counters. */
        @GET
        @Path("stats")
        public List<QueueStats> stats(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, acd::queueStats);
        }

        @GET
        @Path("{name}")
        public CallQueue get(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            return Access.inTenant(tenant, () -> acd.queue(name));
        }

        /** Creates or replaces a queue; the name in the path wins. */
        @PUT
        @Path("{name}")
        public CallQueue save(@PathParam("tenant") String tenant, @PathParam("name") String name, QueueSpec body) {
            QueueSpec s = Access.body(body);
            if (s.name() != null && !s.name().equals(name)) {
                throw new ValidationException("name_mismatch", "name in the body differs from the path", "name");
            }
            QueueSpec named = new QueueSpec(name, s.displayName(), s.requiredSkills(), s.priority(), s.maxWaitSeconds(), s.overflowQueue(),
                s.serviceLevelSeconds(), s.wrapUpSeconds(), s.ringTimeoutSeconds(), s.strategy(), s.holdMusic(), s.announceSeconds(), s.survey());
            return Access.inTenant(tenant, () -> acd.saveQueue(named));
        }

        @DELETE
        @Path("{name}")
        @Answer(status = 204)
        public Response delete(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            Access.inTenant(tenant, () -> {
                acd.deleteQueue(name);
                return null;
            });
            return Response.noContent().build();
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/dids")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Dids implements RestResource {
        private final TelephonyAdminService admin;

        @Activate
        public Dids(@Reference TelephonyAdminService admin) {
            this.admin = admin;
        }

        @GET
        public List<Did> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, admin::dids);
        }

        /** Points one of the tenant's DIDs at a queue or an IVR menu: {@code {"queue":"sales"}} or {@code {"ivr":"hotline"}}. */
        @PUT
        @Path("{number}")
        public Did route(@PathParam("tenant") String tenant, @PathParam("number") String number, Bodies.RouteDid body) {
            Bodies.RouteDid req = Access.body(body);
            return Access.inTenant(tenant, () -> admin.routeDid(number, req.queue(), req.ivr()));
        }
    }

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/reason-codes")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class ReasonCodes implements RestResource {
        private final AcdService acd;

        @Activate
        public ReasonCodes(@Reference AcdService acd) {
            this.acd = acd;
        }

        @GET
        public List<ReasonCode> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, acd::reasonCodes);
        }

        /** Replaces the tenant's own reason codes (system ones are always there). */
        @PUT
        public List<ReasonCode> save(@PathParam("tenant") String tenant, List<Bodies.ReasonCodeSpec> codes) {
            List<ReasonCode> own = Access.body(codes).stream()
                .map(c -> c == null ? null : new ReasonCode(c.code(), c.label(), false)).toList();
            return Access.inTenant(tenant, () -> acd.saveReasonCodes(own));
        }
    }
}
