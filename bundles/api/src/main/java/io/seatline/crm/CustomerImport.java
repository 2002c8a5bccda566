package io.seatline.crm;

import java.util.List;

/**
 * A CSV import of customers running in the background: rows done of total, customers created and merged, and every
 * rejected row with its line and reason (good rows are kept).
 *
 * @param status RUNNING, DONE or FAILED ({@code error} says why)
 */
public record CustomerImport(String id, String status, String encoding, boolean merge, int total, int done, int created, int merged,
                             List<Rejected> rejected, String error) {

    /** A row not taken. */
    public record Rejected(int line, String reason, String raw) {
    }
}
