package io.seatline.tenancy.command;

import io.seatline.tenancy.Tenant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "tenant-close", description = "Closes a tenant for good (data is kept)")
@Service
public class TenantCloseCommand extends TenantLifecycleCommand {
    @Option(name = "-r", aliases = "--reason", description = "Reason (recorded in the audit trail)")
    private String reason;

    @Override
    protected Tenant change() {
        return tenants.close(tenant, reason);
    }
}
