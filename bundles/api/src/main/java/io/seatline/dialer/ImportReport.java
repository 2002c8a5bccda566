package io.seatline.dialer;

import java.time.Instant;
import java.util.List;

/**
 * A list import: its progress while it runs and, when done, every rejected row with its line and reason. Every good
 * row is kept; a file that cannot be read at all is FAILED with {@code error} and imports nothing.
 *
 * @param status RUNNING, DONE or FAILED
 */
public record ImportReport(String id, String listId, String source, String status, String encoding, int total,
                           int done, int imported, List<Rejected> rejected, Error error, Instant startedAt,
                           Instant finishedAt) {

    /** A rejected row: 1-based line of the file, the reason, and the row as it was. */
    public record Rejected(int line, String reason, String raw) {
    }

    /** Why a whole file was refused, with the field at fault (e.g. {@code file}, {@code mapping.phone}). */
    public record Error(String code, String message, String field) {
    }
}
