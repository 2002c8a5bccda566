/** Billing: rate plans, tenant billing profiles, CDR rating, billing runs, invoices, credit notes and payments. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package io.seatline.billing;
