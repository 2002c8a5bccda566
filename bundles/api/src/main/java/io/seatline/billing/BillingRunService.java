package io.seatline.billing;

import java.util.List;

/** Billing runs: a month's invoices for some or all tenants, previewed without writing or run in the background with progress. */
public interface BillingRunService {
    Preview preview(RunRequest request);

    /** Starts a run in the background; a run overlapping the tenants of a running one is refused (409). */
    RunStatus run(RunRequest request);

    RunStatus runStatus(String runId);

    List<RunStatus> runs(int limit);
}
