package io.seatline.tenancy.command;

import io.seatline.shell.OperatorAction;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantStatus;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "tenant-list", description = "Lists tenants with their status and seats")
@Service
public class TenantListCommand extends OperatorAction {
    @Reference
    private TenantService tenants;

    @Option(name = "-s", aliases = "--status", description = "Only tenants in this status (ACTIVE, SUSPENDED, CLOSED)")
    private TenantStatus status;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Status");
        table.column("Dedicated").alignRight();
        table.column("Shared").alignRight();
        table.column("Timezone");
        table.column("Locale");
        table.column("Source");
        for (Tenant t : tenants.list(status, 0, 500).items()) {
            table.addRow().addContent(t.id(), t.displayName(), t.status(), t.dedicatedSeats(), t.sharedSeats(), t.timezone(), t.locale(),
                t.source());
        }
        table.print(System.out);
        return null;
    }
}
