package io.seatline.billing;

import java.time.Instant;
import java.util.List;

/**
 * A run's state: RUNNING, DONE, FAILED (some tenants failed: see {@code failures}) or INTERRUPTED (the server stopped
 * mid-way; run it again to finish). {@code created} invoices were made by this run, {@code existing} were already there.
 */
public record RunStatus(String id, String period, List<String> tenants, String state, int total, int done, int created, int existing,
                        List<String> failures, Instant startedAt, Instant finishedAt, String startedBy) {
}
