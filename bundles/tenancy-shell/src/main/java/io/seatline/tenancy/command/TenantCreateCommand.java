package io.seatline.tenancy.command;

import io.seatline.shell.OperatorAction;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantSpec;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "tenant-create", description = "Provisions a tenant")
@Service
public class TenantCreateCommand extends OperatorAction {
    @Reference
    private TenantService tenants;

    @Argument(index = 0, name = "id", required = true, description = "Tenant id (lower-case slug, e.g. acme)")
    private String id;
    @Option(name = "-n", aliases = "--name", required = true, description = "Display name")
    private String name;
    @Option(name = "-z", aliases = "--timezone", description = "Time zone, e.g. Asia/Shanghai (default UTC)")
    private String timezone;
    @Option(name = "-l", aliases = "--locale", description = "Locale, e.g. zh-CN (default en)")
    private String locale;
    @Option(name = "-d", aliases = "--dedicated", description = "Dedicated seats")
    private Integer dedicated;
    @Option(name = "-s", aliases = "--shared", description = "Shared seat allowance")
    private Integer shared;
    @Option(name = "-p", aliases = "--plan", description = "Plan reference")
    private String plan;

    @Override
    protected Object run() {
        Tenant t = tenants.create(new TenantSpec(id, name, timezone, locale, null, null, null, plan, dedicated, shared));
        System.out.println("Tenant " + t.id() + " created: " + t.dedicatedSeats() + " dedicated, " + t.sharedSeats() + " shared seats");
        return null;
    }
}
