package io.seatline.integration.internal;

import io.seatline.billing.BillingEvents;
import io.seatline.billing.BillingService;
import io.seatline.billing.Invoice;
import io.seatline.core.CallContext;
import io.seatline.core.Mailer;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When an invoice or credit note is issued: its PDF, file name and (with an SMTP server and a billing address) the mail
 * announcing it go to the {@code billing-delivery} route ({@link InvoiceDeliveryRoute}).
 */
@Component(service = EventHandler.class, configurationPid = "seatline.billing.delivery", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = EventConstants.EVENT_TOPIC + "=" + BillingEvents.ISSUED)
public class InvoiceDelivery implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceDelivery.class);

    private final PlatformCamel camel;
    private final InvoiceDeliveryRoute.Config config;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BillingService billing;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Mailer mailer;

    @Activate
    public InvoiceDelivery(@Reference PlatformCamel camel, InvoiceDeliveryRoute.Config config) {
        this.camel = camel;
        this.config = config;
    }

    @Override
    public void handleEvent(Event event) {
        BillingService b = billing;
        Object id = event.getProperty("invoice.id");
        if (b == null || id == null) {
            return;
        }
        try {
            TenantContext.run(CallContext.operator("billing-delivery"), () -> deliver(b, id.toString()));
        } catch (RuntimeException e) {
            LOG.error("Invoice {} could not be delivered (get it with seatline:invoice-pdf): {}", id, e.toString());
        }
    }

    private void deliver(BillingService b, String id) {
        Invoice i = b.invoice(id);
        byte[] pdf = b.pdf(id);
        Map<String, Object> headers = new HashMap<>();
        headers.put(Exchange.FILE_NAME, i.tenantId() + "/" + i.pdfName());
        String to = null;
        try {
            to = b.profile(i.tenantId()).email();
        } catch (NotFoundException e) {
            // no profile address: file drop only
        }
        Mailer m = mailer;
        if (to != null && config.mail() && m != null && m.configured()) {
            boolean credit = i.kind().equals("CREDIT_NOTE");
            headers.put("SeatlineMailTo", to);
            headers.put("SeatlineMailSubject", (credit ? "贷项通知单 / Credit note " : "发票 / Invoice ") + i.number() + " · " + i.tenantName());
            headers.put("SeatlineMailText", (credit ? "您好，我们已为您开具贷项通知单。" : "您好，您的发票已开具。") + "\n"
                + (credit ? "A credit note has been issued to you." : "Your invoice has been issued.") + "\n\n"
                + "编号 / Number: " + i.number() + "\n期间 / Period: " + i.periodFrom() + " – " + i.periodTo() + "\n"
                + "金额 / Total: " + i.total().toPlainString() + " " + i.currency() + "\n"
                + (credit ? "" : "付款期限 / Due: " + i.dueOn() + "\n")
                + "PDF: " + config.public_base_url() + "/tenants/" + i.tenantId() + "/invoices/" + i.id() + "/pdf\n");
        }
        camel.request(InvoiceDeliveryRoute.INPUT, pdf, headers);
    }
}
