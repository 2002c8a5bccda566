package io.seatline.core;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A list's order as the caller asked for it: one field of the list's items, ascending or descending. Written on the wire as
 * {@code field} or {@code -field} (the {@code sort} query parameter); each list names the fields it sorts by, and
 * {@link #orderBy} turns the choice into an ORDER BY that always ends on a unique column, so pages never overlap.
 */
public record Sort(String field, boolean descending) {

    private static final Pattern SYNTAX = Pattern.compile("-?[a-zA-Z][a-zA-Z0-9]{0,39}");

    /**
     * Reads {@code field} / {@code -field}; null or blank gives null (the list's own order). Never throws: a word that is
     * no field name is kept as it came, and {@link #orderBy} — which each list calls once the caller's permission is
     * checked — refuses it with the fields the list has (so a caller without the permission gets 403, not 400).
     */
    public static Sort parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        if (!SYNTAX.matcher(s).matches()) {
            return new Sort(s, false);
        }
        return s.startsWith("-") ? new Sort(s.substring(1), true) : new Sort(s, false);
    }

    /**
     * The ORDER BY clause (with its leading space) for {@code sort} over {@code columns} (API field → query expression, in
     * the order the error message should name them), or {@code fallback} when {@code sort} is null; {@code unique} (an id
     * column) is appended so rows with equal keys keep one order across pages.
     *
     * @throws ValidationException {@code invalid_sort} when the field is not one of {@code columns}
     */
    public static String orderBy(Sort sort, Map<String, String> columns, String fallback, String unique) {
        if (sort == null) {
            return " order by " + fallback;
        }
        String expr = columns.get(sort.field());
        if (expr == null) {
            throw new ValidationException("invalid_sort", "this list sorts by " + String.join(", ", columns.keySet())
                + " (a leading '-' for descending order)", "sort");
        }
        if (!SYNTAX.matcher(sort.field()).matches()) {
            throw new IllegalStateException("a sortable field must be a plain name: " + sort.field());
        }
        return " order by " + expr + (sort.descending() ? " desc" : " asc") + ", " + unique + (sort.descending() ? " desc" : " asc");
    }

    /** The sortable columns of a list, in order: API field, query expression, field, expression, … */
    public static Map<String, String> columns(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("field and expression pairs");
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return (descending ? "-" : "") + field;
    }
}
