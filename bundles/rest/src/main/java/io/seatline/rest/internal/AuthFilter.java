package io.seatline.rest.internal;

import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotAuthenticatedException;
import io.seatline.security.AuthService;
import io.seatline.security.WebSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import org.apache.cxf.phase.PhaseInterceptorChain;

/**
 * Authenticates every request (HTTP Basic with {@code login:password}, or {@code Authorization: Bearer slt_...}, or
 * the web console's session cookie) and leaves the caller's {@link CallContext} on the request for
 * {@link ContextInvoker}. A request authenticated by the cookie that may change something must also carry the
 * session's CSRF token in {@code X-CSRF-Token} (403 {@code csrf_failed}); the cookie is SameSite=Strict besides.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthFilter implements ContainerRequestFilter {
    static final String CONTEXT = "seatline.callContext";
    private static final Set<String> PUBLIC = Set.of("openapi.json", "health", "session");
    /** methods that change nothing: a cookie alone authenticates them (a write also needs the CSRF token) */
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final AuthService auth;

    public AuthFilter(AuthService auth) {
        this.auth = auth;
    }

    /**
     * Whether a path (relative to /api/v1, with or without its leading slash) is reachable without credentials; the
     * OpenAPI document marks the same operations public. Under public/ (outside departments) the signed token in the
     * path is the only credential (checked by the ticket service); no caller context is installed, so nothing else
     * can be reached this way.
     */
    static boolean isPublic(String path) {
        // session: signing in needs no credentials, and the resource reads the cookie itself
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return PUBLIC.contains(relative) || relative.startsWith("public/");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isPublic(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString("Authorization");
        if (header == null || header.isBlank()) {
            javax.ws.rs.core.Cookie cookie = request.getCookies().get(WebSession.COOKIE);
            if (cookie == null || cookie.getValue().isEmpty()) {
                throw new NotAuthenticatedException("unauthenticated", "authentication required (HTTP Basic or Bearer API token)");
            }
            String secret = cookie.getValue();
            // the token first: a forged write costs nothing and does not count as use of the session
            if (!SAFE.contains(request.getMethod())) {
                requireCsrf(secret, request.getHeaderString(WebSession.CSRF_HEADER));
            }
            CallContext ctx = auth.authenticateSession(secret);
            PhaseInterceptorChain.getCurrentMessage().getExchange().put(io.seatline.rest.spi.Sse.STILL_VALID, (java.util.function.BooleanSupplier) () -> {
                try {
                    auth.authenticateSession(secret);
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            PhaseInterceptorChain.getCurrentMessage().getExchange().put(CONTEXT, ctx);
            return;
        }
        CallContext ctx;
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new NotAuthenticatedException("unauthenticated", "malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new NotAuthenticatedException("unauthenticated", "malformed Basic credentials");
            }
            ctx = auth.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1), address());
        } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx = auth.authenticateToken(header.substring(7).trim());
        } else {
            throw new NotAuthenticatedException("unauthenticated", "unsupported authorization scheme");
        }
        // On the exchange (not a filter property) so ContextInvoker can read it without CXF internals.
        PhaseInterceptorChain.getCurrentMessage().getExchange().put(CONTEXT, ctx);
    }

    /** A write authenticated by the session cookie carries the session's CSRF token, or is refused (403 csrf_failed). */
    static void requireCsrf(String secret, String presented) {
        if (!WebSession.csrfMatches(secret, presented)) {
            throw new ForbiddenException("csrf_failed", "a write with the session cookie needs the session's " + WebSession.CSRF_HEADER + " header");
        }
    }

    /** The client's IP address (the socket's peer; a proxy in front is one address for all its clients). */
    static String address() {
        Object request = PhaseInterceptorChain.getCurrentMessage().get("HTTP.REQUEST");
        return request instanceof javax.servlet.http.HttpServletRequest r ? r.getRemoteAddr() : null;
    }
}
