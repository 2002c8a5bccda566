package io.seatline.billing;

import java.math.BigDecimal;
import java.time.Instant;

/** How a tenant is billed. {@code taxRate} is a fraction (0.06 = 6 %); {@code paymentTermsDays} from the issue date. */
public record Profile(String tenantId, String currency, String legalName, String address, String taxId, String taxName, BigDecimal taxRate,
                      String email, Integer paymentTermsDays, Instant updatedAt) {
}
