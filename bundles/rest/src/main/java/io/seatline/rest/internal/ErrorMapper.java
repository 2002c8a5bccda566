package io.seatline.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.seatline.core.NoTenantContextException;
import io.seatline.core.SeatlineException;
import java.util.stream.Collectors;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every failure into {@code {code, message, field?}} with the right status; nothing leaks as HTML or a stack. */
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof SeatlineException se) {
            Response.ResponseBuilder rb = Response.status(se.httpStatus());
            if (se.httpStatus() == 401) {
                rb.header("WWW-Authenticate", "Basic realm=\"seatline\"");
            }
            return json(rb, new ErrorBody(se.code(), se.getMessage(), se.field()));
        }
        if (t instanceof UnrecognizedPropertyException u) {
            return json(Response.status(400), new ErrorBody("unknown_field", "unknown field '" + u.getPropertyName() + "'", path(u)));
        }
        if (t instanceof InvalidFormatException f) {
            return json(Response.status(400), new ErrorBody("invalid_value", "invalid value " + f.getValue() + " for field '" + path(f) + "'",
                path(f)));
        }
        if (t instanceof JsonMappingException m) {
            return json(Response.status(400), new ErrorBody("invalid_json", clean(m.getOriginalMessage()), path(m)));
        }
        if (t instanceof JsonProcessingException p) {
            return json(Response.status(400), new ErrorBody("malformed_json", "malformed JSON: " + clean(p.getOriginalMessage()), null));
        }
        if (t instanceof NoTenantContextException) {
            return json(Response.status(403), new ErrorBody("no_tenant_context", t.getMessage(), null));
        }
        if (t instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            String code = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 406 -> "not_acceptable";
                case 415 -> "unsupported_media_type";
                default -> status < 500 ? "bad_request" : "internal_error";
            };
            return json(Response.status(status), new ErrorBody(code, status == 404 ? "no such resource" : String.valueOf(w.getMessage()), null));
        }
        LOG.error("Unexpected error in REST call", e);
        return json(Response.status(500), new ErrorBody("internal_error", "internal error; see the server log", null));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
            && !(t instanceof SeatlineException) && !(t instanceof JsonProcessingException)
            && !(t instanceof WebApplicationException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
        return p.isEmpty() ? null : p;
    }

    private static String clean(String msg) {
        if (msg == null) {
            return "unreadable body";
        }
        int nl = msg.indexOf('\n');
        return nl > 0 ? msg.substring(0, nl) : msg;
    }

    private static Response json(Response.ResponseBuilder rb, ErrorBody body) {
        return rb.type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
    }
}
