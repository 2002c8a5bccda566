package io.seatline.integration.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Route {@code platform-mail}: plain-text UTF-8 mail to the SMTP server of etc/seatline.mail.cfg (camel-mail); the
 * {@link Mailer} service that sends through it is {@link CamelMailer}. The route is built once and reads the SMTP endpoint
 * from the current configuration for each mail, so a new configuration (ConfigAdmin may deliver the same one twice when it
 * is written back to etc/) never takes the route down while a mail is on its way. It references nothing: the platform's
 * Camel context binds the routes, and a route that referenced the context back would be a circular reference.
 */
@Component(service = RoutesBuilder.class, configurationPid = "seatline.mail", configurationPolicy = ConfigurationPolicy.OPTIONAL,
    property = PlatformCamel.CONTEXT_PROPERTY + "=platform")
@Designate(ocd = MailRoute.Config.class)
public class MailRoute extends RouteBuilder {
    static final String INPUT = "direct:seatline-mail";

    @ObjectClassDefinition(name = "Seatline outgoing mail")
    public @interface Config {
        @AttributeDefinition(description = "SMTP server host; empty: no mail is sent")
        String smtp_host() default "";

        @AttributeDefinition(description = "SMTP port (25, 587 with STARTTLS, 465 with smtps)")
        int smtp_port() default 25;

        @AttributeDefinition(description = "smtp, or smtps for TLS from the first byte")
        String smtp_protocol() default "smtp";

        @AttributeDefinition(description = "Upgrade the connection with STARTTLS when the server offers it")
        boolean smtp_starttls() default false;

        @AttributeDefinition(description = "User name for SMTP authentication (empty: none)")
        String smtp_username() default "";

        @AttributeDefinition(description = "Password for SMTP authentication", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String smtp_password() default "";

        @AttributeDefinition(description = "Sender address")
        String from() default "seatline@localhost";

        @AttributeDefinition(description = "Connect and read timeout, in milliseconds")
        int timeout_ms() default 15000;
    }

    private volatile Config config;

    @Activate
    void activate(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config config) {
        this.config = config;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind("mailTls", tlsProperties());
        from(INPUT).routeId("platform-mail")
            .process(e -> {
                if (e.getIn().getHeader("From") == null) {
                    e.getIn().setHeader("From", config.from());
                }
            })
            .recipientList(method(this, "endpointUri"));
    }

    /** The camel-mail endpoint of the current configuration. @throws IllegalStateException when no SMTP server is configured */
    public String endpointUri() {
        Config c = config;
        if (c.smtp_host().isBlank()) {
            throw new IllegalStateException("no SMTP server is configured");
        }
        StringBuilder uri = new StringBuilder(c.smtp_protocol().equals("smtps") ? "smtps://" : "smtp://").append(c.smtp_host().strip())
            .append(':').append(c.smtp_port()).append("?contentType=").append(enc("text/plain; charset=UTF-8"))
            .append("&connectionTimeout=").append(c.timeout_ms()).append("&useInlineAttachments=false");
        if (!c.smtp_username().isBlank()) {
            uri.append("&username=").append(enc(c.smtp_username())).append("&password=RAW(").append(c.smtp_password()).append(')');
        }
        if (c.smtp_starttls()) {
            uri.append("&additionalJavaMailProperties=#mailTls");
        }
        return uri.toString();
    }

    private static java.util.Properties tlsProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("mail.smtp.starttls.enable", "true");
        return p;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
