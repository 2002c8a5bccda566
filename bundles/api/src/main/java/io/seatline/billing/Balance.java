package io.seatline.billing;

import java.math.BigDecimal;

public record Balance(String tenantId, String currency, BigDecimal invoiced, BigDecimal credited, BigDecimal paid, BigDecimal balance,
                      BigDecimal overdue, int overdueInvoices) {
}
