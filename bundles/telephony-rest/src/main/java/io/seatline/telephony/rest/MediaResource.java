package io.seatline.telephony.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.rest.spi.Ranged;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import io.seatline.rest.spi.Access;
import io.seatline.core.ValidationException;
import io.seatline.telephony.BusinessCalendar;
import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.MediaFile;
import io.seatline.telephony.MediaService;
import io.seatline.telephony.Prompt;
import io.seatline.telephony.Recording;
import io.seatline.telephony.RecordingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * Media of a tenant: recording policy, recordings and voicemails (download with HTTP Range), prompts, IVR menus and
 * the business calendar. Each is rooted at its own path under the tenant, so that none shadows another resource's
 * paths (JAX-RS picks the root with the longest literal prefix). Media actions on live calls are in {@link CallResource.Calls}.
 */
public final class MediaResource {
    private MediaResource() {}

    /** The tenant's recording policy. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/recording-policy")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Policy implements RestResource {
        private final MediaService media;

        @Activate
        public Policy(@Reference MediaService media) {
            this.media = media;
        }

        @GET
        public RecordingPolicy policy(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, media::recordingPolicy);
        }

        @PUT
        public RecordingPolicy setPolicy(@PathParam("tenant") String tenant, RecordingPolicy body) {
            RecordingPolicy p = Access.body(body);
            return Access.inTenant(tenant, () -> media.setRecordingPolicy(p));
        }
    }

    /** Recordings and voicemails. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/recordings")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Recordings implements RestResource {
        private final MediaService media;

        @Activate
        public Recordings(@Reference MediaService media) {
            this.media = media;
        }

        @GET
        public List<Recording> recordings(@PathParam("tenant") String tenant, @QueryParam("from") String from, @QueryParam("to") String to,
                                          @QueryParam("agentUserId") String agent, @QueryParam("callId") String callId,
                                          @QueryParam("kind") String kind, @QueryParam("mailbox") String mailbox,
                                          @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
            Instant f = Requests.instant(from, "from");
            Instant t = Requests.instant(to, "to");
            return Access.inTenant(tenant, () -> media.recordings(f, t, agent, callId, kind, mailbox, offset, limit));
        }

        @GET
        @Path("{id}")
        public Recording recording(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return Access.inTenant(tenant, () -> media.recording(id));
        }

        /** The WAV file; {@code Range: bytes=a-b} gives 206 with that part (players seek with it). */
        @GET
        @Path("{id}/audio")
        @Produces({"audio/wav", MediaType.APPLICATION_JSON})
        @Answer(media = "audio/wav")
        public Response audio(@PathParam("tenant") String tenant, @PathParam("id") String id, @HeaderParam("Range") String range) {
            MediaFile f = Access.inTenant(tenant, () -> media.recordingFile(id, Ranged.opening(range)));
            return Ranged.file(f, range);
        }

        @DELETE
        @Path("{id}")
        @Answer(status = 204)
        public Response delete(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            Access.inTenant(tenant, () -> {
                media.deleteRecording(id);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /** Prompts (uploaded WAV files and the built-in ones). */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/prompts")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Prompts implements RestResource {
        private final MediaService media;

        @Activate
        public Prompts(@Reference MediaService media) {
            this.media = media;
        }

        @GET
        public List<Prompt> prompts(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, media::prompts);
        }

        /** Uploads a WAV file (body: the file, any content type). */
        @PUT
        @Path("{name}")
        @Consumes({"audio/wav", MediaType.WILDCARD})
        public Prompt upload(@PathParam("tenant") String tenant, @PathParam("name") String name, InputStream body) throws IOException {
            byte[] wav = body == null ? new byte[0] : body.readNBytes(20 * 1024 * 1024 + 1);
            return Access.inTenant(tenant, () -> media.uploadPrompt(name, wav));
        }

        @GET
        @Path("{name}/audio")
        @Produces({"audio/wav", MediaType.APPLICATION_JSON})
        @Answer(media = "audio/wav")
        public Response promptAudio(@PathParam("tenant") String tenant, @PathParam("name") String name, @HeaderParam("Range") String range) {
            return Ranged.file(Access.inTenant(tenant, () -> media.promptFile(name)), range);
        }

        @DELETE
        @Path("{name}")
        @Answer(status = 204)
        public Response deletePrompt(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            Access.inTenant(tenant, () -> {
                media.deletePrompt(name);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /** IVR menus. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/ivr")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Ivr implements RestResource {
        private final MediaService media;

        @Activate
        public Ivr(@Reference MediaService media) {
            this.media = media;
        }

        @GET
        public List<IvrMenu> menus(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, media::menus);
        }

        @GET
        @Path("{name}")
        public IvrMenu menu(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            return Access.inTenant(tenant, () -> media.menu(name));
        }

        @PUT
        @Path("{name}")
        public IvrMenu saveMenu(@PathParam("tenant") String tenant, @PathParam("name") String name, IvrMenu body) {
            IvrMenu m = Access.body(body);
            if (m.name() != null && !m.name().equals(name)) {
                throw new ValidationException("name_mismatch", "name in the body differs from the path", "name");
            }
            IvrMenu named = new IvrMenu(name, m.start(), m.nodes(), null);
            return Access.inTenant(tenant, () -> media.saveMenu(named));
        }

        @DELETE
        @Path("{name}")
        @Answer(status = 204)
        public Response deleteMenu(@PathParam("tenant") String tenant, @PathParam("name") String name) {
            Access.inTenant(tenant, () -> {
                media.deleteMenu(name);
                return null;
            });
            return Response.noContent().build();
        }
    }

    /** The business calendar the IVR's day/night branches use. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/calendar")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Calendar implements RestResource {
        private final MediaService media;

        @Activate
        public Calendar(@Reference MediaService media) {
            this.media = media;
        }

        @GET
        public BusinessCalendar calendar(@PathParam("tenant") String tenant) {
            return Access.inTenant(tenant, media::calendar);
        }

        @PUT
        public BusinessCalendar setCalendar(@PathParam("tenant") String tenant, BusinessCalendar body) {
            BusinessCalendar c = Access.body(body);
            return Access.inTenant(tenant, () -> media.setCalendar(c));
        }
    }
}
