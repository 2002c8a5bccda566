package io.seatline.core;

import java.util.List;

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
}
