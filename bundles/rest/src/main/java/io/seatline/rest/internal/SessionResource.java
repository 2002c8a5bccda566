package io.seatline.rest.internal;

import io.seatline.core.CallContext;
import io.seatline.core.NotAuthenticatedException;
import io.seatline.core.Roles;
import io.seatline.core.ValidationException;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Answer;
import io.seatline.security.AuthService;
import io.seatline.security.WebSession;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.CookieParam;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.apache.cxf.phase.PhaseInterceptorChain;

/**
 * Browser sign-in for the web console: a server-side session in an HttpOnly, SameSite=Strict cookie (Secure over TLS),
 * and a CSRF token the page sends with every write ({@code X-CSRF-Token}). API clients keep using Basic or Bearer.
 */
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SessionResource {
    /** What the console may show: each {@code area:action} a user may hold (the server checks every call anyway). */
    static final List<String> CAPABILITIES = List.of("tenant:read", "seats:read", "seats:write", "seats:self", "users:read", "users:write",
        "teams:read", "queues:read", "queues:write", "agents:read", "agents:state", "agents:self", "calls:read", "calls:control", "calls:self",
        "calls:supervise", "calls:record", "cdrs:read", "realtime:read", "dids:read", "recordings:read", "campaigns:read",
        "campaigns:control", "campaigns:self", "lists:read", "customers:read", "customers:write", "customers:import", "scripts:read",
        "tickets:read", "tickets:write", "tickets:assign", "kb:read", "kb:write", "qa:read", "qa:evaluate", "invoices:read", "tokens:read",
        "audit:read", "messages:self", "messages:write", "messages:broadcast", "messages:read",
        // the administration's pages
        "teams:write", "agents:write", "ivr:read", "ivr:write", "dids:write", "prompts:read", "prompts:write", "campaigns:write",
        "lists:write", "dnc:read", "dnc:write", "blacklist:write", "recordings:admin", "plugins:read",
        // quality: the lead's scorecards and sampling, reviews of disputes, calibration, coaching
        "qa:manage", "qa:review", "qa:calibrate", "qa:coach",
        // customer service data: the customers page, ticket categories
        "customers:delete", "customers:export", "customers:merge", "ticket-categories:write", "customer-fields:write",
        // integration: API tokens, scripts
        "tokens:write", "scripts:write", "seats:history",
        // reports: the company's KPIs, an agent's own, rebuilding the figures
        "reports:read", "reports:self", "reports:rebuild", "reports:schedule", "reports:manage",
        // workforce management: forecasts and staffing (read), adjustments and imported history (write)
        "forecasts:read", "forecasts:write",
        // schedules: templates, availability, the scheduler, editing and publishing (write), reading, an agent's own
        "schedules:read", "schedules:write", "schedules:self");

    /** What the operator's billing staff hold (billing's own check, BillingPart.STAFF_PERM). */
    static final String BILLING_STAFF = "billing:manage";

    private final AuthService auth;
    private final java.util.function.Supplier<io.seatline.tenancy.TenantDirectory> directory;

    public SessionResource(AuthService auth, java.util.function.Supplier<io.seatline.tenancy.TenantDirectory> directory) {
        this.auth = auth;
        this.directory = directory;
    }

    /** The signed-in user as the console needs it. */
    public record SessionUser(String id, String login, String tenantId, Set<String> roles, boolean operator) {
    }

    /** A browser session: who, what they may do, until when, and the token writes must carry. */
    /**
     * @param tenantZone   the tenant's time zone: the console shows dates and "today" in it (null for the operator)
     * @param tenantLocale the tenant's locale, e.g. zh-CN (null for the operator)
     */
    public record SessionInfo(SessionUser user, List<String> can, String csrfToken, Instant expiresAt, Instant idleExpiresAt,
                              String tenantZone, String tenantLocale) {
    }

    /** Sign-in. */
    public record Credentials(String login, String password) {
    }

    /** Signs in with a login and password; sets the session cookie. Throttled and locked out as every sign-in is. */
    @POST
    @Answer(status = 201, type = SessionInfo.class)
    public Response signIn(Credentials body, @HeaderParam("User-Agent") String userAgent, @CookieParam(WebSession.COOKIE) String previous) {
        Credentials c = Access.body(body);
        if (c.login() == null || c.login().isBlank()) {
            throw new ValidationException("required", "login is required", "login");
        }
        if (c.password() == null || c.password().isEmpty()) {
            throw new ValidationException("required", "password is required", "password");
        }
        WebSession s = auth.openSession(c.login().trim(), c.password(), AuthFilter.address(), userAgent);
        if (previous != null && !previous.isEmpty()) {
            auth.closeSession(previous); // a browser holds one session: the one it had ends with the new sign-in
        }
        long maxAge = Math.max(1, s.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
        return Response.status(201).header(HttpHeaders.SET_COOKIE, cookie(s.secret(), maxAge)).entity(info(s)).build();
    }

    /** The current browser session (401 {@code session_expired} when it has ended); counts as a use. */
    @GET
    public SessionInfo current(@CookieParam(WebSession.COOKIE) String secret) {
        WebSession s = secret == null ? null : auth.describeSession(secret);
        if (s == null) {
            throw new NotAuthenticatedException("session_expired", "no browser session: sign in");
        }
        return info(s);
    }

    /** Signs out: the session ends on every node and the cookie is cleared. Needs the CSRF token. */
    @DELETE
    @Answer(status = 204)
    public Response signOut(@CookieParam(WebSession.COOKIE) String secret, @HeaderParam(WebSession.CSRF_HEADER) String csrf) {
        if (secret != null) {
            AuthFilter.requireCsrf(secret, csrf);
            auth.closeSession(secret);
        }
        return Response.noContent().header(HttpHeaders.SET_COOKIE, cookie("", 0)).build();
    }

    private SessionInfo info(WebSession s) {
        CallContext ctx = s.context();
        List<String> can = new java.util.ArrayList<>(CAPABILITIES.stream().filter(p -> ctx.operator() || ctx.tenantId() != null
            && ctx.isPermitted(Roles.perm(ctx.tenantId(), p.substring(0, p.indexOf(':')), p.substring(p.indexOf(':') + 1)))).toList());
        if (ctx.operator() || ctx.tenantId() == null && ctx.isPermitted(BILLING_STAFF)) {
            can.add(BILLING_STAFF); // the operator's billing staff: runs, invoices, payments of every tenant
        }
        io.seatline.tenancy.Tenant tenant = null;
        io.seatline.tenancy.TenantDirectory dir = directory.get();
        if (ctx.tenantId() != null && dir != null) {
            try {
                tenant = dir.tenant(ctx.tenantId());
            } catch (RuntimeException gone) {
                tenant = null; // the console then shows the browser's zone
            }
        }
        return new SessionInfo(new SessionUser(ctx.userId(), ctx.principal(), ctx.tenantId(), ctx.roles(), ctx.operator()), can,
            s.csrfToken(), s.expiresAt(), s.idleExpiresAt(), tenant == null ? null : tenant.timezone(), tenant == null ? null : tenant.locale());
    }

    /** The session cookie: for the whole site (console and API), never readable by script, never sent cross-site. */
    private static String cookie(String value, long maxAge) {
        return WebSession.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (secure() ? "; Secure" : "");
    }

    /** Served over TLS: directly, or behind a proxy that ends TLS and says so (a wrong claim only stops the cookie working). */
    private static boolean secure() {
        Object request = PhaseInterceptorChain.getCurrentMessage().get("HTTP.REQUEST");
        return request instanceof javax.servlet.http.HttpServletRequest r
            && (r.isSecure() || "https".equalsIgnoreCase(r.getHeader("X-Forwarded-Proto")));
    }
}
