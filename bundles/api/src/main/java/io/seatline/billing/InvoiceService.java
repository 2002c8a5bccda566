package io.seatline.billing;

import io.seatline.core.Page;

/** Invoices and credit notes: drafts, issuing with gapless numbers, discarding, the PDF and exports. The tenant's admin and billing users read their own tenant's. */
public interface InvoiceService {
    default Page<Invoice> invoices(String tenant, String period, String status, int offset, int limit) {
        return invoices(tenant, period, status, null, offset, limit);
    }

    /** As the list above, ordered by {@code sort}: period, tenant, number, issued, due, total or status (null: newest period first). */
    Page<Invoice> invoices(String tenant, String period, String status, io.seatline.core.Sort sort, int offset, int limit);

    Invoice invoice(String id);

    /**
     * Issues a draft: it takes the next number of the operator's gapless sequence and becomes immutable. Refused while its
     * period is open, or while the tenant has unrated calls in it, unless {@code force}.
     */
    Invoice issue(String id, boolean force);

    Invoice discard(String id, String reason);



    /** A DRAFT credit note against an issued invoice; it is issued like an invoice (its own gapless CN sequence). */
    Invoice creditNote(String invoiceId, CreditSpec spec);

    /** The invoice as PDF (Chinese and English). */
    byte[] pdf(String invoiceId);

    /** The lines of the invoices of a period (all tenants the caller may see, or one) as CSV or JSON. */
    String export(String period, String tenant, String format);
}
