package io.seatline.rest.spi;

/** Query-parameter parsing and the request bodies shared by several capabilities (unknown fields are rejected by the JSON provider). */
public final class Requests {
    private Requests() {}

    /** A query parameter that is a date (yyyy-MM-dd), or null when absent; 400 naming {@code field} when malformed. */
    public static java.time.LocalDate date(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        java.time.LocalDate d;
        try {
            d = java.time.LocalDate.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.seatline.core.ValidationException("invalid_date", field + ": a date is yyyy-MM-dd", field);
        }
        if (d.getYear() < 1900 || d.getYear() > 9999) {
            throw new io.seatline.core.ValidationException("invalid_date", field + ": a date between the years 1900 and 9999", field);
        }
        return d;
    }

    /** A query parameter that is an ISO-8601 instant, or null when absent; 400 naming {@code field} when malformed. */
    public static java.time.Instant instant(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.seatline.core.ValidationException("invalid_instant", field + " must be an ISO-8601 instant such as 2026-11-23T08:00:00Z", field);
        }
    }

    /**
     * A query parameter that names one of an enum's constants (any case), or {@code null} when absent; 400 naming
     * {@code field} and the choices when it is none of them.
     */
    public static <E extends Enum<E>> E choice(String s, Class<E> type, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.trim())) {
                return e;
            }
        }
        throw new io.seatline.core.ValidationException("invalid_choice", field + " is one of " + java.util.Arrays.toString(type.getEnumConstants()), field);
    }

    public record Reason(String reason) {
    }

    /** A query parameter that is a number, or null when absent; 400 naming {@code field} when it is not one. */
    public static Double number(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new io.seatline.core.ValidationException("invalid_number", field + " must be a number such as 0.8", field);
    }

    /** A query parameter that is a whole number, or null when absent; 400 naming {@code field} when it is not one. */
    public static Integer integer(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new io.seatline.core.ValidationException("invalid_number", field + " must be a whole number such as 30", field);
        }
    }
}
