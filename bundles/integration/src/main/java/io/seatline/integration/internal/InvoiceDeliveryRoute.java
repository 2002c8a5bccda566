package io.seatline.integration.internal;

import io.seatline.billing.BillingEvents;
import io.seatline.billing.BillingService;
import io.seatline.billing.Invoice;
import io.seatline.core.CallContext;
import io.seatline.core.Mailer;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route {@code billing-delivery}: every issued invoice and credit note is dropped as PDF into a folder (one sub-folder per
 * tenant, for the operator's accounting or a print service to pick up) and, when an SMTP server is configured and the
 * tenant's billing profile has an e-mail address, announced to the tenant by mail (number, total, due date, where to get it).
 */
@Component(service = {RoutesBuilder.class, EventHandler.class}, configurationPid = "seatline.billing.delivery",
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {PlatformCamel.CONTEXT_PROPERTY + "=platform",
    EventConstants.EVENT_TOPIC + "=" + BillingEvents.ISSUED})
@Designate(ocd = InvoiceDeliveryRoute.Config.class)
public class InvoiceDeliveryRoute extends RouteBuilder implements EventHandler {
    static final String INPUT = "direct:seatline-invoice-delivery";
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceDeliveryRoute.class);

    @ObjectClassDefinition(name = "Seatline invoice delivery")
    public @interface Config {
        @AttributeDefinition(description = "Folder issued invoices are dropped into (empty: <karaf.data>/invoices/outbox)")
        String directory() default "";

        @AttributeDefinition(description = "Mail the tenant's billing address when an invoice is issued (needs etc/seatline.mail.cfg)")
        boolean mail() default true;

        @AttributeDefinition(description = "Base URL of the REST API as tenants reach it, for the PDF link in the mail")
        String public_base_url() default "http://localhost:8181/api/v1";
    }

    @Reference
    private PlatformCamel camel;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile BillingService billing;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Mailer mailer;

    private Config config;

    @Activate
    void activate(Config config) {
        this.config = config;
    }

    private String directory() {
        return (config.directory().isBlank() ? Paths.get(System.getProperty("karaf.data", "data"), "invoices", "outbox").toString()
            : config.directory()).replace('\\', '/');
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
        if (to != null && config.mail()) {
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
        camel.request(INPUT, pdf, headers);
    }

    @Override
    public void configure() {
        from(INPUT).routeId("billing-delivery")
            .to("file:" + directory() + "?fileExist=Override&tempPrefix=.part-")
            .filter(header("SeatlineMailTo").isNotNull())
            .process(e -> {
                Mailer m = mailer;
                if (m == null || !m.configured()) {
                    return;
                }
                try {
                    m.send(e.getIn().getHeader("SeatlineMailTo", String.class), e.getIn().getHeader("SeatlineMailSubject", String.class),
                        e.getIn().getHeader("SeatlineMailText", String.class));
                } catch (RuntimeException ex) {
                    LOG.warn("Invoice mail to {} failed (the PDF is in the outbox): {}", e.getIn().getHeader("SeatlineMailTo"), ex.getMessage());
                }
            });
    }
}
