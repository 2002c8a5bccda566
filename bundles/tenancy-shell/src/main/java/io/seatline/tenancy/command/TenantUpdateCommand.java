package io.seatline.tenancy.command;

import io.seatline.shell.TenantIdCompleter;
import io.seatline.shell.OperatorAction;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantSpec;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "tenant-update",
    description = "Changes a tenant's seats or details; options left out keep their value. Seat changes are recorded for billing")
@Service
public class TenantUpdateCommand extends OperatorAction {
    @Reference
    private TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-d", aliases = "--dedicated", description = "Dedicated seats")
    private Integer dedicated;
    @Option(name = "-s", aliases = "--shared", description = "Shared seat allowance")
    private Integer shared;
    @Option(name = "-n", aliases = "--name", description = "Display name")
    private String name;
    @Option(name = "-z", aliases = "--timezone", description = "Time zone")
    private String timezone;
    @Option(name = "-l", aliases = "--locale", description = "Locale")
    private String locale;
    @Option(name = "-p", aliases = "--plan", description = "Plan reference")
    private String plan;

    @Override
    protected Object run() {
        Tenant t = tenants.update(tenant, new TenantSpec(null, name, timezone, locale, null, null, null, plan, dedicated, shared));
        System.out.println("Tenant " + t.id() + ": " + t.dedicatedSeats() + " dedicated, " + t.sharedSeats() + " shared seats, "
            + t.timezone() + ", " + t.locale());
        return null;
    }
}
