package io.seatline.crm;

import java.util.List;
import java.util.Map;

/**
 * A customer as written by an agent, an admin or an import. Phones are normalised to E.164 with the tenant's country;
 * {@code fields} holds the tenant's custom fields (validated against their definitions).
 */
public record CustomerSpec(String name, List<String> phones, String email, String address, String language, List<String> tags,
                           Map<String, Object> fields) {
}
