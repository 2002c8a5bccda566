package io.seatline.tenancy.internal;

import io.seatline.core.CallContext;
import io.seatline.core.SeatlineException;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantSpec;
import java.util.Map;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance per factory configuration {@code seatline.tenant} (one per file in tenants/, or
 * {@code etc/seatline.tenant-NAME.cfg}). Creating or changing the configuration provisions or reconfigures the
 * tenant; deleting it suspends the tenant (data is kept). A bad value is logged with file and key and the
 * tenant is left as it was.
 */
@Component(configurationPid = TenantConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
    service = {})
@Designate(ocd = TenantConfiguration.Config.class, factory = true)
public class TenantConfiguration {
    public static final String FACTORY_PID = "seatline.tenant";
    /** Set by {@link TenantsDirectoryWatcher}: the file the configuration came from. */
    public static final String SOURCE = "seatline.source";
    private static final Logger LOG = LoggerFactory.getLogger(TenantConfiguration.class);
    private static final CallContext PROVISIONING = CallContext.operator("provisioning");

    /** Keys of a tenant file. They are public API: operators write them by hand. */
    @ObjectClassDefinition(name = "Seatline tenant", description = "A tenant provisioned from configuration")
    public @interface Config {
        @AttributeDefinition(name = "tenant.id", description = "Tenant id (slug)")
        String tenant_id();

        @AttributeDefinition(name = "name", description = "Display name (any language)")
        String name();

        String timezone() default "UTC";

        String locale() default "en";

        String contact_name() default "";

        String contact_email() default "";

        String contact_phone() default "";

        String plan() default "";

        @AttributeDefinition(name = "seats.dedicated", description = "Dedicated seats rented")
        String seats_dedicated() default "0";

        @AttributeDefinition(name = "seats.shared", description = "Allowance of seats from the shared pool")
        String seats_shared() default "0";
    }

    @Reference
    private TenantService tenants;

    private String tenantId;
    private String source;

    @Activate
    @Modified
    void apply(Map<String, Object> props) {
        source = String.valueOf(props.getOrDefault(SOURCE, props.get("service.pid")));
        Object id = props.get("tenant.id");
        if (tenantId == null && id != null && isValidId(id.toString().trim())) {
            // Known even when this file's other values are bad, so that deleting the file still suspends the tenant.
            tenantId = id.toString().trim();
        }
        try {
            TenantSpec spec = new TenantSpec(string(props, "tenant.id"), string(props, "name"), string(props, "timezone"),
                string(props, "locale"), string(props, "contact.name"), string(props, "contact.email"),
                string(props, "contact.phone"), string(props, "plan"), integer(props, "seats.dedicated"),
                integer(props, "seats.shared"));
            if (tenantId != null && !tenantId.equals(spec.id())) {
                LOG.error("{}: key tenant.id: cannot change from '{}' to '{}'; create a new file instead; tenant {} left as it was",
                    source, tenantId, spec.id(), tenantId);
                return;
            }
            TenantContext.run(PROVISIONING, () -> tenants.provision(spec, source));
            tenantId = spec.id();
            LOG.info("{}: tenant {} provisioned", source, tenantId);
        } catch (BadValue e) {
            LOG.error("{}: key {}: {}; tenant {} left as it was", source, e.key, e.getMessage(), id);
        } catch (SeatlineException e) {
            LOG.error("{}: key {}: {}; tenant {} left as it was", source, key(e.field()), e.getMessage(), id);
        }
    }

    @Deactivate
    void deactivate(int reason) {
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED && tenantId != null) {
            try {
                TenantContext.run(PROVISIONING, () -> tenants.suspend(tenantId, TenantServiceImpl.FILE_REMOVED + ": " + source));
                LOG.info("{} removed: tenant {} suspended", source, tenantId);
            } catch (RuntimeException e) {
                LOG.error("{} removed: could not suspend tenant {}: {}", source, tenantId, e.getMessage());
            }
        }
    }

    private static boolean isValidId(String id) {
        try {
            io.seatline.core.Validation.tenantId(id, "tenant.id");
            return true;
        } catch (SeatlineException e) {
            return false;
        }
    }

    /** Maps a service-level field name back to the key an operator wrote in the file. */
    private static String key(String field) {
        if (field == null) {
            return "(file)";
        }
        return switch (field) {
            case "id" -> "tenant.id";
            case "displayName" -> "name";
            case "contactName" -> "contact.name";
            case "contactEmail" -> "contact.email";
            case "contactPhone" -> "contact.phone";
            case "planRef" -> "plan";
            case "dedicatedSeats" -> "seats.dedicated";
            case "sharedSeats" -> "seats.shared";
            default -> field;
        };
    }

    private static String string(Map<String, Object> props, String key) {
        Object v = props.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    private static Integer integer(Map<String, Object> props, String key) {
        String v = string(props, key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw new BadValue(key, "'" + v + "' is not a whole number");
        }
    }

    private static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String key;

        BadValue(String key, String message) {
            super(message);
            this.key = key;
        }
    }
}
