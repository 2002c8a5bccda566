package io.seatline.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A one-off FEE (billed once, on the invoice of the period containing {@code from}) or a DISCOUNT (a {@code percent} of the
 * seat and usage lines, or a fixed {@code amount} per period, for every period overlapping [{@code from}, {@code to}]).
 */
public record Charge(String id, String tenantId, String kind, String description, BigDecimal amount, BigDecimal percent, LocalDate from,
                     LocalDate to, String invoiceId, Instant createdAt, String createdBy) {
}
