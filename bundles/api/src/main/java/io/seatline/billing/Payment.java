package io.seatline.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

public record Payment(String id, String invoiceId, String invoiceNumber, String tenantId, BigDecimal amount, String currency,
                      LocalDate paidOn, String reference, Instant recordedAt, String recordedBy) {
}
