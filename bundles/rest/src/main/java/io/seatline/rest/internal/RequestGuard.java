package io.seatline.rest.internal;

import io.seatline.core.TooLargeException;
import io.seatline.core.ValidationException;
import io.seatline.rest.spi.JsonLimits;
import java.util.List;
import java.util.Map;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.PathSegment;

/**
 * Refuses, before authentication (so a malformed request costs no password check), path segments and query values
 * that break the text limits of {@link JsonLimits}: control characters, or more than {@value JsonLimits#SHORT}
 * characters (400 naming the parameter), and JSON bodies over {@link JsonLimits#BODY} bytes (413, by their length
 * or, chunked, as they are read).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestGuard implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getMediaType() != null && request.getMediaType().isCompatible(javax.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)) {
            if (request.getLength() > JsonLimits.BODY) {
                throw tooLarge();
            }
            // a body without a length (chunked) is cut off at the same size while it is read
            request.setEntityStream(new Bounded(request.getEntityStream()));
        }
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            JsonLimits.Breach breach = JsonLimits.check(null, segment.getPath());
            if (breach != null) {
                throw new ValidationException("invalid_path", "a path segment breaks the limits: " + breach.message(), null);
            }
        }
        for (Map.Entry<String, List<String>> e : request.getUriInfo().getQueryParameters(true).entrySet()) {
            JsonLimits.Breach ofName = JsonLimits.check(null, e.getKey());
            JsonLimits.Breach breach = ofName;
            for (String v : e.getValue()) {
                breach = breach != null ? breach : JsonLimits.check(null, v);
            }
            if (breach != null) {
                String name = ofName == null ? e.getKey() : null;
                throw new ValidationException("invalid_parameter", (name == null ? "a query parameter" : "parameter '" + name + "'") + ": "
                    + breach.message(), name);
            }
        }
    }

    private static TooLargeException tooLarge() {
        return new TooLargeException("body_too_large", "a JSON body is at most " + JsonLimits.BODY / 1024 / 1024 + " MiB", null);
    }

    /** The entity stream of a JSON body, refusing to read past {@link JsonLimits#BODY} bytes. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long read;

        Bounded(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > JsonLimits.BODY) {
                throw tooLarge();
            }
        }
    }
}
