package io.seatline.tenancy;

/**
 * A trusted internal interface: a tenant's record (time zone, phone country, display name, seats) for another
 * capability's own work — pricing a call in the tenant's zone, normalising a number with its country, printing its
 * name on an invoice. It checks no permission and needs no context, so it is never exposed over REST or the shell and
 * never used on a caller's behalf for anything but the caller's already-checked request. What a caller may read about
 * tenants goes through {@link TenantService}.
 */
public interface TenantDirectory {
    /** @throws io.seatline.core.NotFoundException when there is no such tenant */
    Tenant tenant(String tenantId);
}
