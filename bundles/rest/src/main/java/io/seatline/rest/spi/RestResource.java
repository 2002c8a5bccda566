package io.seatline.rest.spi;

/**
 * Marks a JAX-RS resource contributed to {@code /api/v1}. A capability (or a plug-in) registers each of its resources
 * as a DS component providing this service; the REST kernel binds them dynamically and rebuilds the endpoint set,
 * so a capability can be installed, updated or removed without taking the rest of the API down. The resource runs
 * inside the caller's context (see {@code TenantContext}); it checks nothing itself beyond establishing the tenant
 * with {@link Access} — permissions are checked by the services it calls.
 */
public interface RestResource {
}
