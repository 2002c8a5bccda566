package io.seatline.billing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/seatline.billing.cfg */
@ObjectClassDefinition(name = "Seatline billing", description = "Invoices: numbering, the operator's details, PDF font, run throttle")
public @interface BillingConfig {
    @AttributeDefinition(description = "Prefix of invoice numbers (the number is gapless across the operator)")
    String invoice_prefix() default "INV-";

    @AttributeDefinition(description = "Prefix of credit-note numbers (their own gapless sequence)")
    String credit_prefix() default "CN-";

    @AttributeDefinition(description = "The operator's legal name, printed on every invoice")
    String operator_name() default "Seatline BPO Operator";

    @AttributeDefinition(description = "The operator's address, printed on every invoice")
    String operator_address() default "";

    @AttributeDefinition(description = "The operator's tax id, printed on every invoice")
    String operator_tax_id() default "";

    @AttributeDefinition(description = "A TrueType font or collection with Chinese glyphs for the PDFs (empty: WenQuanYi Micro Hei or another installed CJK font)")
    String pdf_font() default "";

    @AttributeDefinition(description = "Pause after each batch of tenants of a billing run, in milliseconds, so a long run leaves the database to live traffic")
    long run_pause_ms() default 0;

    @AttributeDefinition(description = "Tenants billed per transaction in a run: each batch reads its tenants' data in a few set queries and "
        + "writes their drafts in one commit (progress is reported per batch)")
    int run_batch() default 100;
}
