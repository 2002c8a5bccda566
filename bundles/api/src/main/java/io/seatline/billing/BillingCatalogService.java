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
}
