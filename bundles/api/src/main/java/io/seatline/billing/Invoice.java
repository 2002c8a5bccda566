package io.seatline.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An INVOICE or CREDIT_NOTE. Status DRAFT, ISSUED or DISCARDED; an issued document never changes again (payments and credit
 * notes are recorded against it). {@code balance} = total − credited − paid for an issued invoice.
 */
public record Invoice(String id, String tenantId, String tenantName, String kind, String status, String number, String period,
                      LocalDate periodFrom, LocalDate periodTo, LocalDate issuedOn, LocalDate dueOn, String currency, BigDecimal net,
                      BigDecimal tax, BigDecimal total, BigDecimal credited, BigDecimal paid, BigDecimal balance, String refersTo,
                      String refersToNumber, String reason, int unratedCalls, List<InvoiceLine> lines, String runId, Instant createdAt,
                      Instant issuedAt, String issuedBy) {

    /** The PDF's file name: the number once issued, else draft-{id}. */
    public String pdfName() {
        return (number != null ? number : "draft-" + id) + ".pdf";
    }
}
