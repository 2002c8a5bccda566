package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.Did;
import io.seatline.telephony.TelephonyAdminService;

@Command(scope = "seatline", name = "did-list", description = "Lists DIDs, the tenants they are assigned to and their entry queues")
@Service
public class DidListCommand extends OperatorAction {
    @Reference
    private TelephonyAdminService admin;

    @Override
    protected Object run() {
        ShellTable table = TenantAction.table("Number", "Tenant", "Queue", "Trunk");
        for (Did d : admin.dids()) {
            table.addRow().addContent(d.number(), d.tenantId(), d.queue() == null ? "-" : d.queue(), d.trunkId() == null ? "-" : d.trunkId());
        }
        table.print(System.out);
        return null;
    }
}
