package io.seatline.tenancy.command;

import io.seatline.shell.TenantIdCompleter;
import io.seatline.shell.OperatorAction;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** A tenant lifecycle change (suspend, resume, close) and its one-line report. */
public abstract class TenantLifecycleCommand extends OperatorAction {
    @Reference
    protected TenantService tenants;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    protected String tenant;

    protected abstract Tenant change();

    @Override
    protected Object run() {
        Tenant t = change();
        System.out.println("Tenant " + t.id() + " is " + t.status());
        return null;
    }
}
