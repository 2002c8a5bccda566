package io.seatline.core;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation rules shared by REST, shell and the tenants/ files so they all reject the same input. */
public final class Validation {
    /** Lower-case slug, 2–32 chars, starts with a letter, no trailing or double hyphen. */
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> RESERVED = Set.of("operator", "system", "all", "admin", "api", "seatline", "default");

    private Validation() {}

    public static String tenantId(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new ValidationException("invalid_tenant_id", "tenant id is required", field);
        }
        if (id.length() < 2 || id.length() > 32 || !SLUG.matcher(id).matches()) {
            throw new ValidationException("invalid_tenant_id",
                "tenant id '" + id + "' must be 2-32 chars: lower-case letters, digits and single hyphens, starting with a letter", field);
        }
        if (RESERVED.contains(id)) {
            throw new ValidationException("invalid_tenant_id", "tenant id '" + id + "' is reserved", field);
        }
        return id;
    }

    public static String username(String name, String field) {
        if (name == null || !USERNAME.matcher(name).matches()) {
            throw new ValidationException("invalid_username",
                "username must be 2-64 chars of letters, digits, '.', '_' or '-'", field);
        }
        return name;
    }

    public static String required(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("required", field + " is required", field);
        }
        return maxLength(value.strip(), field, maxLength);
    }

    public static String maxLength(String value, String field, int maxLength) {
        if (value != null && value.codePointCount(0, value.length()) > maxLength) {
            throw new ValidationException("too_long", field + " is longer than " + maxLength + " characters", field);
        }
        return value;
    }

    public static String zone(String zone, String field) {
        try {
            return ZoneId.of(required(zone, field, 64)).getId();
        } catch (DateTimeException e) {
            throw new ValidationException("invalid_timezone", "unknown time zone '" + zone + "'", field);
        }
    }

    public static String locale(String tag, String field) {
        try {
            return new Locale.Builder().setLanguageTag(required(tag, field, 16)).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw new ValidationException("invalid_locale", "invalid locale '" + tag + "' (use a tag like en-US or zh-CN)", field);
        }
    }

    public static String email(String email, String field) {
        if (email == null || email.isBlank()) {
            return null;
        }
        if (!EMAIL.matcher(email).matches()) {
            throw new ValidationException("invalid_email", "invalid e-mail address '" + email + "'", field);
        }
        return maxLength(email, field, 200);
    }

    public static int nonNegative(Integer n, String field, int max) {
        if (n == null) {
            throw new ValidationException("required", field + " is required", field);
        }
        if (n < 0 || n > max) {
            throw new ValidationException("out_of_range", field + " must be between 0 and " + max, field);
        }
        return n;
    }
}
