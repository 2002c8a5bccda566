package io.seatline.tenancy.internal;

import java.util.Locale;

/** Text search in lists: a part of a name, matched case-insensitively with LIKE (its wildcards taken literally). */
final class Search {
    private Search() {}

    /** The LIKE pattern (escape '!') for a lower-cased column containing {@code text}; null for no text. */
    static String like(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.length() > 200) {
            throw new io.seatline.core.ValidationException("too_long", "q: at most 200 characters", "q");
        }
        return "%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
