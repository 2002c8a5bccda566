package io.seatline.billing;

import java.math.BigDecimal;

/** RATED, ALREADY_RATED (nothing changed), UNRATED (with the reason) or REJECTED (with the reason, e.g. unknown tenant). */
public record RatingResult(String cdrId, String outcome, BigDecimal amount, String currency, String reason) {
}
