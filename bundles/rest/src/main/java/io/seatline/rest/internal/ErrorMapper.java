package io.seatline.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.seatline.core.NoTenantContextException;
import io.seatline.core.SeatlineException;
import io.seatline.rest.spi.JsonLimits;
import java.io.IOException;
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

    /** Whether the failed request is the web console's: it carried the session cookie, or was for /session itself. */
    private static boolean fromBrowserSession() {
        org.apache.cxf.message.Message m = org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage();
        Object request = m == null ? null : m.get("HTTP.REQUEST");
        if (!(request instanceof javax.servlet.http.HttpServletRequest r)) {
            return false;
        }
        if (r.getRequestURI() != null && r.getRequestURI().endsWith("/api/v1/session")) {
            return true;
        }
        String cookies = r.getHeader("Cookie");
        return r.getHeader("Authorization") == null && cookies != null && cookies.contains(io.seatline.security.WebSession.COOKIE + "=");
    }

    @Override
    public Response toResponse(Throwable e) {
        dontDrainTheBody();
        Throwable t = unwrap(e);
        if (t instanceof SeatlineException se) {
            Response.ResponseBuilder rb = Response.status(se.httpStatus());
            if (se.httpStatus() == 401) {
                // a browser shows its own password prompt for a Basic challenge and then sends those credentials with
                // every request (also cross-site, past the CSRF check): the web console's requests get a challenge
                // no browser acts on
                rb.header("WWW-Authenticate", fromBrowserSession() ? "Session realm=\"seatline\"" : "Basic realm=\"seatline\"");
            }
            if (se instanceof io.seatline.core.TooManyRequestsException tm) {
                rb.header("Retry-After", tm.retryAfterSeconds());
            }
            return json(rb, new ErrorBody(se.code(), se.getMessage(), se.field()));
        }
        if (io.seatline.core.UnavailableException.databaseUnreachable(e)) {
            // the database is stopped or restarting: the request may succeed shortly. Its transaction either never
            // began or rolled back with the connection — except a commit cut off mid-way, whose outcome is unknown: a
            // client retries reads freely, writes only if they are idempotent (PUT) or after reading back
            LOG.warn("REST call failed: the database is unreachable ({})", t.toString());
            return json(Response.status(503).header("Retry-After", 5), new ErrorBody("database_unavailable",
                "the database is unreachable at the moment; try again shortly", null));
        }
        if (t instanceof JsonLimits.LimitException l) {
            String field = path(l);
            return json(Response.status(400), new ErrorBody(l.code(), (field == null ? "" : "field '" + field + "': ") + l.getOriginalMessage(), field));
        }
        if (t instanceof UnrecognizedPropertyException u) {
            return json(Response.status(400), new ErrorBody("unknown_field", "unknown field '" + u.getPropertyName() + "'", path(u)));
        }
        if (t instanceof InvalidFormatException f) {
            String field = path(f);
            String value = String.valueOf(f.getValue());
            value = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            return json(Response.status(400), new ErrorBody("invalid_value", "invalid value '" + value + "'" + (field == null ? "" : " for field '" + field + "'")
                + expected(f.getTargetType(), ": expected "), field));
        }
        if (t instanceof MismatchedInputException m) {
            String field = path(m);
            String must = expected(m.getTargetType(), " must be ");
            return json(Response.status(400), new ErrorBody("invalid_type", (field == null ? "the body" : "field '" + field + "'")
                + (must.isEmpty() ? " has the wrong JSON type" : must), field));
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
            String code = ErrorBody.codeFor(status);
            if (w.getResponse().getEntity() instanceof ErrorBody body) {
                return json(Response.status(status), body);
            }
            String message = switch (status) {
                case 404 -> "no such resource";
                case 405 -> "this method is not allowed on this resource";
                case 406 -> "this resource answers only application/json";
                case 415 -> "unsupported content type; send application/json";
                default -> clean(w.getMessage());
            };
            return json(Response.status(status), new ErrorBody(code, message, null));
        }
        if (t instanceof IOException || t.getClass().getName().equals("org.eclipse.jetty.http.BadMessageException")) {
            // a truncated or malformed body (bad chunking, a client that went away): the request, not the server, failed
            return json(Response.status(400), new ErrorBody("unreadable_body", "the request body could not be read", null));
        }
        LOG.error("Unexpected error in REST call", e);
        return json(Response.status(500), new ErrorBody("internal_error", "internal error; see the server log", null));
    }

    private static Throwable unwrap(Throwable e) {
        // a Seatline exception anywhere in the chain says what went wrong (e.g. a body cut off while JAX-RS read it)
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SeatlineException) {
                return c;
            }
        }
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

    /** The first line of a message, with Java type names (Jackson quotes them in backticks) replaced by plain words. */
    static String clean(String msg) {
        if (msg == null) {
            return "unreadable body";
        }
        int nl = msg.indexOf('\n');
        String line = nl > 0 ? msg.substring(0, nl) : msg;
        line = JAVA_TYPE.matcher(line).replaceAll("a value");
        return line.replaceAll("\\(class [^)]*\\)", "").replaceAll("\\s+", " ").strip();
    }

    private static final java.util.regex.Pattern JAVA_TYPE = java.util.regex.Pattern.compile("`[A-Za-z_$][\\w.$<>, \\[\\]]*`|\\b(?:java|javax|io\\.seatline|com\\.fasterxml)\\.[\\w.$]+");

    /** What JSON a field of {@code type} takes, in words. */
    static String expected(Class<?> type, String prefix) {
        if (type == null) {
            return "";
        }
        String what;
        if (type == String.class || type == Character.class) {
            what = "a text";
        } else if (type == Boolean.class || type == boolean.class) {
            what = "true or false";
        } else if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
            what = "a number";
        } else if (type.isEnum()) {
            what = "one of " + java.util.Arrays.toString(type.getEnumConstants());
        } else if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            what = "a list";
        } else if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            what = type == java.time.LocalDate.class ? "a date (yyyy-MM-dd)" : "an ISO-8601 date-time text";
        } else {
            what = "an object";
        }
        return prefix + what;
    }

    private static Response json(Response.ResponseBuilder rb, ErrorBody body) {
        return rb.type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).entity(body).build();
    }

    /**
     * Before answering, CXF reads up to 16 MiB of a request body the call left unread
     * (AbstractHTTPDestination.cacheInput), so a client sending its body slowly held a server thread before even its
     * 401 was sent. An error answer goes out at once instead; Jetty closes the connection after it when a body is left
     * unread.
     */
    private static void dontDrainTheBody() {
        org.apache.cxf.message.Message m = org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage();
        org.apache.cxf.message.Message in = m == null || m.getExchange() == null ? m : m.getExchange().getInMessage();
        if (in != null) {
            in.removeContent(org.apache.cxf.io.DelegatingInputStream.class);
        }
    }
}
