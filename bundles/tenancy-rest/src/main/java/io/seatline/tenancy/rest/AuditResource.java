package io.seatline.tenancy.rest;

import io.seatline.rest.spi.RestResource;
import io.seatline.rest.spi.Requests;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.Page;
import io.seatline.security.AuditEntry;
import io.seatline.security.AuditService;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/** A tenant's audit trail, newest first. */
@Component(service = RestResource.class)
@Path("/tenants/{tenant}/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource implements RestResource {
    private final AuditService audit;

    @Activate
    public AuditResource(@Reference AuditService audit) {
        this.audit = audit;
    }

    /**
     * ?action=billing.&actor=boss&q=north&from=2026-12-01T00:00:00Z&to=...: entries whose action starts with
     * {@code action}, whose actor contains {@code actor}, whose target or detail contains {@code q}, in [from, to).
     */
    @GET
    public Page<AuditEntry> list(@PathParam("tenant") String tenant, @QueryParam("action") String action, @QueryParam("actor") String actor,
                                 @QueryParam("q") String q, @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        int[] w = Page.window(offset, limit);
        // the filter is read once access is granted: a caller without it is told so, not that a date is malformed
        return Access.inTenant(tenant, () -> audit.list(filter(action, actor, q, from, to), w[0], w[1]));
    }

    /** The query's filter; 400 naming the parameter when a time is malformed or a text too long. */
    static AuditService.Filter filter(String action, String actor, String q, String from, String to) {
        for (String[] p : new String[][] {{action, "action"}, {actor, "actor"}, {q, "q"}}) {
            if (p[0] != null && p[0].length() > 200) {
                throw new io.seatline.core.ValidationException("too_long", p[1] + ": at most 200 characters", p[1]);
            }
        }
        return new AuditService.Filter(action, actor, q, Requests.instant(from, "from"), Requests.instant(to, "to"));
    }
}
