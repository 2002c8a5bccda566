package io.seatline.tenancy.command;

import io.seatline.tenancy.Tenant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "tenant-suspend", description = "Suspends a tenant: its agents are logged out and its users cannot log in")
@Service
public class TenantSuspendCommand extends TenantLifecycleCommand {
    @Option(name = "-r", aliases = "--reason", description = "Reason (recorded in the audit trail)")
    private String reason;

    @Override
    protected Tenant change() {
        return tenants.suspend(tenant, reason);
    }
}
