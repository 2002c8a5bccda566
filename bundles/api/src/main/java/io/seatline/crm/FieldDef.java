package io.seatline.crm;

import java.util.List;

/**
 * A tenant-defined customer field.
 *
 * @param name     key in {@link Customer#fields()}: 1-64 of a-z 0-9 _ starting with a letter
 * @param label    what agents see (any language)
 * @param type     TEXT (up to 500 characters), NUMBER, DATE (yyyy-MM-dd), CHOICE (one of {@code choices}), BOOLEAN
 * @param required every customer must have a value
 * @param choices  the values a CHOICE field allows (null for other types)
 */
public record FieldDef(String name, String label, String type, Boolean required, List<String> choices) {

    /** Whether a value is required (null: no). */
    public boolean mandatory() {
        return Boolean.TRUE.equals(required);
    }
}
