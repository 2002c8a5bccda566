package io.seatline.integration.internal;

import io.seatline.core.Mailer;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/** The {@link Mailer} service: plain-text mail through the {@code platform-mail} route ({@link MailRoute}). */
@Component(service = Mailer.class, configurationPid = "seatline.mail", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class CamelMailer implements Mailer {
    private final PlatformCamel camel;
    private volatile MailRoute.Config config;

    @Activate
    public CamelMailer(@Reference PlatformCamel camel, MailRoute.Config config) {
        this.camel = camel;
        this.config = config;
    }

    @Modified
    void modified(MailRoute.Config config) {
        this.config = config;
    }

    @Override
    public boolean configured() {
        return !config.smtp_host().isBlank();
    }

    @Override
    public void send(String to, String subject, String text) {
        if (!configured()) {
            throw new IllegalStateException("no SMTP server is configured (smtp.host in etc/seatline.mail.cfg)");
        }
        if (to == null || !to.matches("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+")) {
            throw new IllegalArgumentException("not one e-mail address: " + to);
        }
        camel.request(MailRoute.INPUT, text, Map.of("To", to, "Subject", subject, "From", config.from()));
    }
}
