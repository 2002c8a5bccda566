package io.seatline.integration.internal;

import io.seatline.reports.ReportScheduleService;
import io.seatline.reports.ReportScheduleService.ReportMail;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route {@code report-delivery}: every {@value #PERIOD_MS} ms it asks the report schedules for the mails whose time has
 * come (each tenant's, in its own time zone), sends each — its report attached — through the {@code platform-mail} route
 * and reports the outcome back (sent, or the SMTP server's refusal), so the console shows the last sending and its error.
 */
@Component(service = RoutesBuilder.class, configurationPid = "seatline.mail", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = PlatformCamel.CONTEXT_PROPERTY + "=platform")
public class ReportDeliveryRoute extends RouteBuilder {
    static final long PERIOD_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ReportDeliveryRoute.class);
    /** the reports' schedules (workforce bundle), when it is installed: the route looks at nothing without them */
    private volatile ReportScheduleService schedules;
    private volatile MailRoute.Config config;

    @Activate
    public ReportDeliveryRoute(MailRoute.Config config) {
        this.config = config;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindSchedules(ReportScheduleService s) {
        schedules = s;
    }

    void unbindSchedules(ReportScheduleService s) {
        if (schedules == s) {
            schedules = null;
        }
    }

    @Modified
    void modified(MailRoute.Config config) {
        this.config = config;
    }

    @Override
    public void configure() {
        from("timer:seatline-report-schedules?period=" + PERIOD_MS + "&delay=" + PERIOD_MS).routeId("report-delivery")
            .process(e -> {
                ReportScheduleService s = schedules;
                e.getIn().setBody(s == null ? java.util.List.of() : s.due());
            })
            .split(body())
                .process(e -> e.setProperty("SeatlineReport", e.getIn().getBody(ReportMail.class)))
                .doTry()
                    .process(e -> e.getIn().setBody(ReportMime.of(e.getProperty("SeatlineReport", ReportMail.class), config.from())))
                    .to(MailRoute.INPUT)
                    .process(e -> outcome(e, null))
                .doCatch(Exception.class)
                    .process(e -> {
                        Exception x = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        outcome(e, x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage());
                    })
                .end()
            .end();
    }

    private void outcome(Exchange e, String error) {
        ReportMail mail = e.getProperty("SeatlineReport", ReportMail.class);
        if (error == null) {
            LOG.info("Scheduled report {} of {} mailed to {}", mail.scheduleId(), mail.tenantId(), mail.to());
        }
        ReportScheduleService s = schedules;
        if (s != null) {
            s.delivered(mail.tenantId(), mail.scheduleId(), error);
        }
    }
}
