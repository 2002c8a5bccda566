package io.seatline.billing;

/**
 * Billing of the operator's tenants. Catalog, runs, issuing, credit notes and payments are billing staff's work (the
 * operator, or an operator-level user with the {@code billing} role); a tenant's admin and billing users read their
 * own tenant's invoices, payments and balance only. Money is BigDecimal in the currency named next to it; every
 * invoice line is rounded half-up to the currency's minor unit, and tax is computed per line.
 *
 * <p>Each section is a service of its own ({@link BillingCatalogService}, {@link BillingAccountService},
 * {@link RatingService}, {@link BillingRunService}, {@link InvoiceService}, {@link PaymentService}); a consumer that
 * needs one section references only that one. This interface is all of them, for callers that use several (the REST
 * resources, the shell).
 */
public interface BillingService extends BillingCatalogService, BillingAccountService, RatingService, BillingRunService, InvoiceService, PaymentService {
}
