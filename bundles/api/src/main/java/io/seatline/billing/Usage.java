package io.seatline.billing;

import java.math.BigDecimal;
import java.time.Instant;

/** One rated call, with the rate that applied: enough to explain its invoice line. */
public record Usage(String cdrId, String tenantId, String period, String category, String number, Instant answeredAt, long talkMs,
                    long billableSeconds, String planVersionId, String prefix, String band, BigDecimal perMinute, String increment,
                    BigDecimal connectionFee, BigDecimal amount, String currency, String detail, Instant ratedAt) {
}
