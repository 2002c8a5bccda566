package io.seatline.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

/** {@code section} SEATS, USAGE, FEES or DISCOUNTS; quantity × unit price = net (rounded); tax per line. */
public record InvoiceLine(int no, String section, String code, String description, LocalDate from, LocalDate to, BigDecimal quantity,
                          String unit, BigDecimal unitPrice, BigDecimal net, BigDecimal taxRate, BigDecimal tax) {
}
