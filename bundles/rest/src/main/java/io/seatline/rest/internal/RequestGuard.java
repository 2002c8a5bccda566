package io.seatline.rest.internal;

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
 * characters. 400 naming the parameter.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RequestGuard implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
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
}
