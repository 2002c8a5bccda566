package io.seatline.tenancy.command;

import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "tenant-resume", description = "Resumes a tenant")
@Service
public class TenantResumeCommand extends OperatorAction {
    @Reference
    private TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;

    @Override
    protected Object run() {
        Tenant t = tenants.resume(tenant);
        System.out.println("Tenant " + t.id() + " is " + t.status());
        return null;
    }
}
