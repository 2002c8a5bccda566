package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.telephony.BlacklistService;
import io.seatline.telephony.BlockedNumber;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Inbound blacklists: a tenant's (nuisance callers of its numbers) and the operator's (every tenant). An entry is
 * put under its number: {@code PUT .../blacklist/{phone}} with {"action":"REJECT"|"MESSAGE","prompt":..,"note":..}.
 */
public final class BlacklistResource {
    private BlacklistResource() {}

    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/blacklist")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Tenant implements RestResource {
        private final BlacklistService blacklist;
        private final io.seatline.telephony.MediaService media;

        @Activate
        public Tenant(@Reference BlacklistService blacklist, @Reference io.seatline.telephony.MediaService media) {
            this.blacklist = blacklist;
            this.media = media;
        }

        @GET
        public List<BlockedNumber> list(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, blacklist::list);
        }

        @PUT
        @Path("{phone}")
        public BlockedNumber put(@PathParam("tenant") String tenant, @PathParam("phone") String phone, BlockRequest body) {
            BlockRequest b = Access.body(body);
            return Access.inTenant(tenant, () -> {
                String prompt = b.prompt();
                if ("MESSAGE".equalsIgnoreCase(b.action()) && prompt != null && !prompt.isBlank() && !"blocked".equals(prompt.strip())
                    && media.prompts().stream().noneMatch(p -> p.name().equals(prompt.strip()))) {
                    throw new io.seatline.core.ValidationException("unknown_prompt", "the tenant has no prompt '" + prompt + "'", "prompt");
                }
                return blacklist.block(phone, b.action(), prompt, b.note());
            });
        }

        @DELETE
        @Path("{phone}")
        @Answer(status = 204)
        public Response remove(@PathParam("tenant") String tenant, @PathParam("phone") String phone) {
            return noContent(() -> Access.inTenant(tenant, () -> {
                blacklist.unblock(phone);
                return null;
            }));
        }
    }

    @Component(service = RestResource.class)
    @Path("/blacklist")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Operator implements RestResource {
        private final BlacklistService blacklist;

        @Activate
        public Operator(@Reference BlacklistService blacklist) {
            this.blacklist = blacklist;
        }

        @GET
        public List<BlockedNumber> list() {
            return Access.operator(blacklist::operatorList);
        }

        @PUT
        @Path("{phone}")
        public BlockedNumber put(@PathParam("phone") String phone, BlockRequest body) {
            BlockRequest b = Access.body(body);
            return Access.operator(() -> blacklist.blockForAll(phone, b.action(), b.prompt(), b.note()));
        }

        @DELETE
        @Path("{phone}")
        @Answer(status = 204)
        public Response remove(@PathParam("phone") String phone) {
            return noContent(() -> Access.operator(() -> {
                blacklist.unblockForAll(phone);
                return null;
            }));
        }
    }

    private static Response noContent(Supplier<Object> work) {
        work.get();
        return Response.noContent().build();
    }

    /** How to treat calls from the number: REJECT (the default) or MESSAGE (play {@code prompt}), with a note. */
    public record BlockRequest(String action, String prompt, String note) {
    }
}
