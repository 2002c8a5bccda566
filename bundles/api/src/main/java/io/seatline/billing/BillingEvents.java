package io.seatline.billing;

/** EventAdmin topics of billing; events carry {@code tenant.id}, {@code invoice.id}, {@code invoice.number}, {@code invoice.kind}. */
public final class BillingEvents {
    /** An invoice or credit note was issued: the delivery route files it and mails it. */
    public static final String ISSUED = "io/seatline/billing/invoice/ISSUED";

    private BillingEvents() {}
}
