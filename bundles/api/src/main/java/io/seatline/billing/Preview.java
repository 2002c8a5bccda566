package io.seatline.billing;

import java.util.List;

/** What a run would create, computed without writing anything. */
public record Preview(String period, List<Invoice> invoices, List<String> skipped, List<String> warnings) {
}
