package io.seatline.crm.internal;

import io.seatline.core.ValidationException;
import io.seatline.crm.FieldDef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Tenant-defined customer fields: their definitions, and values checked and typed against them. */
final class CustomFields {
    static final Set<String> TYPES = Set.of("TEXT", "NUMBER", "DATE", "CHOICE", "BOOLEAN");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** built-in customer properties: a custom field may not shadow them */
    private static final Set<String> RESERVED = Set.of("id", "name", "phones", "phone", "email", "address", "language", "tags");

    private CustomFields() {}

    /** Definitions with the field at fault named; types upper-cased, choices only on CHOICE. */
    static List<FieldDef> checkDefinitions(List<FieldDef> defs) {
        if (defs == null) {
            throw new ValidationException("body_required", "a JSON array of field definitions is required", null);
        }
        if (defs.size() > 200) {
            throw new ValidationException("too_many_fields", "at most 200 custom fields", null);
        }
        Set<String> seen = new HashSet<>();
        List<FieldDef> out = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            FieldDef d = defs.get(i);
            String at = "[" + i + "]";
            if (d == null || d.name() == null || !NAME.matcher(d.name()).matches() || RESERVED.contains(d.name())) {
                throw new ValidationException("invalid_field_name", "a field name is 1-64 of a-z 0-9 _ starting with a letter, and not one of "
                    + RESERVED, at + ".name");
            }
            if (!seen.add(d.name())) {
                throw new ValidationException("duplicate_field", "field '" + d.name() + "' is defined twice", at + ".name");
            }
            String type = d.type() == null ? null : d.type().toUpperCase(Locale.ROOT);
            if (type == null || !TYPES.contains(type)) {
                throw new ValidationException("invalid_field_type", "type is one of " + TYPES, at + ".type");
            }
            if (d.label() == null || d.label().isBlank() || d.label().length() > 200) {
                throw new ValidationException("invalid_label", "label: 1-200 characters", at + ".label");
            }
            List<String> choices = null;
            if ("CHOICE".equals(type)) {
                if (d.choices() == null || d.choices().isEmpty() || d.choices().size() > 100
                    || d.choices().stream().anyMatch(c -> c == null || c.isBlank() || c.length() > 100)
                    || new HashSet<>(d.choices()).size() != d.choices().size()) {
                    throw new ValidationException("invalid_choices", "a CHOICE field needs 1-100 distinct choices of 1-100 characters", at + ".choices");
                }
                choices = List.copyOf(d.choices());
            } else if (d.choices() != null && !d.choices().isEmpty()) {
                throw new ValidationException("invalid_choices", "only a CHOICE field has choices", at + ".choices");
            }
            out.add(new FieldDef(d.name(), d.label().strip(), type, d.mandatory(), choices));
        }
        return out;
    }

    /**
     * Values typed by their definitions (NUMBER → BigDecimal, DATE → ISO date text, BOOLEAN → Boolean, others text);
     * unknown fields, wrong types and missing required values are refused with {@code fields.<name>}.
     */
    static Map<String, Object> checkValues(List<FieldDef> defs, Map<String, Object> values) {
        Map<String, Object> in = values == null ? Map.of() : values;
        Map<String, FieldDef> byName = new LinkedHashMap<>();
        defs.forEach(d -> byName.put(d.name(), d));
        for (String k : in.keySet()) {
            if (!byName.containsKey(k)) {
                throw new ValidationException("unknown_field", "the tenant has no custom field '" + k + "'", "fields." + k);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldDef d : defs) {
            Object v = in.get(d.name());
            if (v == null || (v instanceof String s && s.isBlank())) {
                if (d.mandatory()) {
                    throw new ValidationException("field_required", "'" + d.label() + "' is required", "fields." + d.name());
                }
                continue;
            }
            out.put(d.name(), typed(d, v));
        }
        return out;
    }

    private static Object typed(FieldDef d, Object v) {
        String field = "fields." + d.name();
        switch (d.type()) {
            case "NUMBER" -> {
                try {
                    BigDecimal n = v instanceof Number num ? new BigDecimal(num.toString()) : new BigDecimal(v.toString().strip());
                    if (n.precision() > 30) {
                        throw new NumberFormatException();
                    }
                    return n;
                } catch (NumberFormatException e) {
                    throw new ValidationException("invalid_number", "'" + d.label() + "' must be a number", field);
                }
            }
            case "DATE" -> {
                try {
                    return LocalDate.parse(v.toString().strip()).toString();
                } catch (DateTimeParseException e) {
                    throw new ValidationException("invalid_date", "'" + d.label() + "' must be a date yyyy-MM-dd", field);
                }
            }
            case "BOOLEAN" -> {
                if (v instanceof Boolean b) {
                    return b;
                }
                String s = v.toString().strip().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.valueOf(s);
                }
                throw new ValidationException("invalid_boolean", "'" + d.label() + "' must be true or false", field);
            }
            case "CHOICE" -> {
                String s = v.toString().strip();
                if (!d.choices().contains(s)) {
                    throw new ValidationException("invalid_choice", "'" + d.label() + "' must be one of " + d.choices(), field);
                }
                return s;
            }
            default -> {
                if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    throw new ValidationException("invalid_text", "'" + d.label() + "' must be text", field);
                }
                String s = v.toString();
                if (s.length() > 500) {
                    throw new ValidationException("text_too_long", "'" + d.label() + "' is at most 500 characters", field);
                }
                return s;
            }
        }
    }

    /** The searchable text of a typed value. */
    static String text(Object v) {
        return v instanceof BigDecimal n ? n.stripTrailingZeros().toPlainString() : String.valueOf(v);
    }
}
