package io.seatline.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/** One page of a list: the items, the total count across pages, and the window asked for. */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    /** Validates and clamps a window. @throws ValidationException for negative or too large values */
    public static int[] window(Integer offset, Integer limit) {
        int o = offset == null ? 0 : offset;
        int l = limit == null ? 50 : limit;
        if (o < 0) {
            throw new ValidationException("invalid_offset", "offset must be >= 0", "offset");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw new ValidationException("invalid_limit", "limit must be between 1 and " + MAX_LIMIT, "limit");
        }
        return new int[] {o, l};
    }

    /**
     * Reads a whole list page by page ({@link #MAX_LIMIT} at a time) and hands each page's items to {@code each}:
     * {@code fetch} gets the offset and the limit, e.g. {@code (o, l) -> users.list(o, l)}.
     */
    public static <T> void eachPage(BiFunction<Integer, Integer, Page<T>> fetch, Consumer<List<T>> each) {
        for (int off = 0; ; off += MAX_LIMIT) {
            List<T> items = fetch.apply(off, MAX_LIMIT).items();
            each.accept(items);
            if (items.size() < MAX_LIMIT) {
                return;
            }
        }
    }

    /** Every item of a list read page by page (see {@link #eachPage}). */
    public static <T> List<T> all(BiFunction<Integer, Integer, Page<T>> fetch) {
        List<T> out = new ArrayList<>();
        eachPage(fetch, out::addAll);
        return out;
    }
}
