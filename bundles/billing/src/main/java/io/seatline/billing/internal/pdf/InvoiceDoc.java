package io.seatline.billing.internal.pdf;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What an invoice PDF shows, already computed (amounts rounded per line to the currency's minor unit).
 *
 * @param kind   INVOICE or CREDIT_NOTE
 * @param number the gapless invoice number, or null for a draft (the PDF then says DRAFT)
 */
public record InvoiceDoc(String kind, String number, LocalDate issued, LocalDate periodFrom, LocalDate periodTo, LocalDate due, String currency,
                         Party operator, Party tenant, List<Line> lines, List<Tax> taxes, BigDecimal net, BigDecimal tax, BigDecimal total,
                         String refersTo) {

    public record Party(String name, String address, String taxId) {
    }

    /**
     * @param section SEATS, USAGE, FEES or DISCOUNTS (the headings the lines are grouped under)
     * @param detail  how the amount came about, e.g. "1 × 300.00 × 21/30 days, 2026-11-10 – 2026-11-30"
     */
    public record Line(String section, String description, String detail, BigDecimal net, BigDecimal taxRate, BigDecimal tax) {
    }

    /** One tax rate's totals, e.g. VAT 6 % on 1 000.00 is 60.00. */
    public record Tax(String name, BigDecimal rate, BigDecimal base, BigDecimal amount) {
    }
}
