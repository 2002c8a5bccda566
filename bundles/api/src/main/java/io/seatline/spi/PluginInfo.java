package io.seatline.spi;

/** A plug-in as listed to an admin. {@code tenantId} null means it serves all tenants. */
public record PluginInfo(String name, String tenantId, String bundle, String bundleVersion, long delivered,
                         long failures) {
}
