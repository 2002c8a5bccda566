package io.seatline.billing;

import io.seatline.core.Page;
import java.util.List;

/** Rate plans: versions in force over date ranges, seat prices, time bands and the usage rates of each version. Billing staff's work. */
public interface BillingCatalogService {
    /** Creates a plan version (rates inline, or later by {@link #replaceRates}); overlaps, bad prices and duplicate prefixes: 400. */
    PlanVersion createPlanVersion(PlanVersion spec);

    /** The versions of every plan, or of one plan, without their rate rows (see {@link #rates}). */
    List<PlanVersion> planVersions(String plan);

    PlanVersion planVersion(String id);

    Page<RateRow> rates(String versionId, String prefix, int offset, int limit);

    /**
     * Replaces a version's rate rows from CSV ({@code direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description},
     * header first). All or nothing: a bad row refuses the whole file with the row number.
     */
    PlanVersion replaceRates(String versionId, String csv);

    /** A row of a rate CSV that would be refused: its row number in the file (the header is row 1), why, and its cells. */
    record RejectedRow(int row, String reason, String content) {
    }

    /** What {@link #replaceRates} would make of a CSV: its rows, those it would take, and every one it would refuse. */
    record RateCheck(int rows, int accepted, List<RejectedRow> rejected) {
    }

    /**
     * Checks a rate CSV against a version (its bands) without writing anything: every bad row reported, not only the
     * first, so a whole file can be mended at once before {@link #replaceRates}. A file without the needed columns: 400.
     */
    RateCheck checkRates(String versionId, String csv);
}
