package io.seatline.tenancy.command;

import io.seatline.tenancy.Tenant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "tenant-resume", description = "Resumes a suspended tenant")
@Service
public class TenantResumeCommand extends TenantLifecycleCommand {

    @Override
    protected Tenant change() {
        return tenants.resume(tenant);
    }
}
