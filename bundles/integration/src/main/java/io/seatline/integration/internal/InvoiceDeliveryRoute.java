package io.seatline.integration.internal;

import java.nio.file.Paths;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route {@code billing-delivery}: every issued invoice and credit note is dropped as PDF into a folder (one sub-folder per
 * tenant, for the operator's accounting or a print service to pick up) and, when the message carries a recipient, announced
 * to the tenant through the {@code platform-mail} route (number, total, due date, where to get it). {@link InvoiceDelivery}
 * feeds it; the route itself references nothing (the platform's Camel context binds it: a reference back would be circular).
 */
@Component(service = RoutesBuilder.class, configurationPid = "seatline.billing.delivery", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = PlatformCamel.CONTEXT_PROPERTY + "=platform")
@Designate(ocd = InvoiceDeliveryRoute.Config.class)
public class InvoiceDeliveryRoute extends RouteBuilder {
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
    public void configure() {
        from(INPUT).routeId("billing-delivery")
            .to("file:" + directory() + "?fileExist=Override&tempPrefix=.part-")
            .filter(header("SeatlineMailTo").isNotNull())
            .doTry()
                .setHeader("To", header("SeatlineMailTo"))
                .setHeader("Subject", header("SeatlineMailSubject"))
                .setBody(header("SeatlineMailText"))
                // the mail carries To and Subject only (From is the mail configuration's): no file or Seatline header
                .removeHeaders("*", "To", "Subject")
                .to(MailRoute.INPUT)
            .doCatch(Exception.class)
                .process(e -> LOG.warn("Invoice mail to {} failed (the PDF is in the outbox): {}", e.getIn().getHeader("To"),
                    e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
            .end();
    }
}
