package io.seatline.crm;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A customer of the tenant in context. */
public record Customer(String id, String name, List<String> phones, String email, String address, String language, List<String> tags,
                       Map<String, Object> fields, Instant createdAt, Instant updatedAt) {
}
