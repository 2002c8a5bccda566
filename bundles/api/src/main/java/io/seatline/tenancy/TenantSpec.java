package io.seatline.tenancy;

/**
 * What an operator (REST, shell or a tenants/ file) says a tenant should be. On update, null fields keep
 * their current value.
 */
public record TenantSpec(String id, String displayName, String timezone, String locale, String contactName,
                         String contactEmail, String contactPhone, String planRef, Integer dedicatedSeats,
                         Integer sharedSeats) {
}
