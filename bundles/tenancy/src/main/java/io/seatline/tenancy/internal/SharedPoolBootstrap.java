package io.seatline.tenancy.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.SeatService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows the operator's shared seat pool to the configured size (etc/seatline.seats.cfg), so tenants' shared
 * allowances are usable from the first start. It never shrinks the pool: seats in use must not vanish because
 * a file changed; shrinking is an explicit operator action (PUT /api/v1/shared-pool).
 */
@Component(immediate = true, configurationPid = "seatline.seats", service = {})
@Designate(ocd = SharedPoolBootstrap.Config.class)
public class SharedPoolBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(SharedPoolBootstrap.class);

    @ObjectClassDefinition(name = "Seatline seats")
    public @interface Config {
        @AttributeDefinition(description = "Minimum size of the operator's shared seat pool")
        int sharedPoolSize() default 50;
    }

    @Reference
    private SeatService seats;

    @Activate
    @Modified
    void apply(Config config) {
        TenantContext.run(CallContext.operator("provisioning"), () -> {
            int current = seats.sharedPoolSize();
            if (config.sharedPoolSize() > current) {
                seats.resizeSharedPool(config.sharedPoolSize());
                LOG.info("Shared seat pool grown from {} to {} seats", current, config.sharedPoolSize());
            }
        });
    }
}
