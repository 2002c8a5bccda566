package io.seatline.tenancy;

import java.time.Instant;

/** A client company renting seats from the operator. */
public record Tenant(String id, String displayName, TenantStatus status, String timezone, String locale,
                     String contactName, String contactEmail, String contactPhone, String planRef,
                     int dedicatedSeats, int sharedSeats, String source, Instant createdAt, Instant updatedAt) {

    /** The country of numbers written without a country code: the region of {@link #locale()}, else CN. */
    public String phoneCountry() {
        return io.seatline.core.PhoneNumbers.countryOf(locale);
    }
}
