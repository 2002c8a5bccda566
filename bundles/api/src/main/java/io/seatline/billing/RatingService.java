package io.seatline.billing;

import io.seatline.core.Page;
import io.seatline.telephony.Cdr;
import java.util.List;

/** CDR rating: each call priced once by the rate that applied, and the calls no rate matched, reported and re-rated later. */
public interface RatingService {
    /** Rates CDRs (the CDR feed; the telephony CDRs are rated as they are written). Each CDR is rated once, by its id. */
    List<RatingResult> rate(List<Cdr> cdrs);

    /** Rates the tenant's written CDRs that are not rated yet, and retries its unrated ones; returns how many became rated. */
    int rerate(String tenant);

    Page<Usage> usage(String tenant, String period, int offset, int limit);

    Page<Unrated> unrated(String tenant, String period, int offset, int limit);
}
