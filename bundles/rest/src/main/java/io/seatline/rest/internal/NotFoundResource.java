package io.seatline.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/** Answers every path of the fallback endpoint with the JSON 404 of {@link ErrorMapper}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class NotFoundResource {
    @GET
    @Path("{any: .*}")
    public void get() {
        throw new NotFoundException();
    }

    @POST
    @Path("{any: .*}")
    public void post() {
        throw new NotFoundException();
    }

    @PUT
    @Path("{any: .*}")
    public void put() {
        throw new NotFoundException();
    }

    @PATCH
    @Path("{any: .*}")
    public void patch() {
        throw new NotFoundException();
    }

    @DELETE
    @Path("{any: .*}")
    public void delete() {
        throw new NotFoundException();
    }

    @HEAD
    @Path("{any: .*}")
    public void head() {
        throw new NotFoundException();
    }

    @OPTIONS
    @Path("{any: .*}")
    public void options() {
        throw new NotFoundException();
    }
}
