package io.seatline.security.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.UserService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first operator user when there is none, from {@code etc/seatline.security.cfg} (environment:
 * SEATLINE_OPERATOR_USER / SEATLINE_OPERATOR_PASSWORD). Afterwards the password is changed like any other
 * ({@code seatline:user-passwd}, REST), and this configuration no longer matters.
 */
@Component(immediate = true, configurationPid = "seatline.security", service = {})
public class OperatorBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorBootstrap.class);


    @Reference
    private UserService users;

    @Activate
    void activate(SecurityConfig config) {
        boolean created = TenantContext.call(CallContext.operator("bootstrap"),
            () -> users.ensureOperator(config.operatorUser(), config.operatorPassword()));
        if (created) {
            LOG.info("Created the first operator user '{}' (change its password: seatline:user-passwd {})", config.operatorUser(),
                config.operatorUser());
        }
    }
}
