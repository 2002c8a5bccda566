package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.CallInfo;
import io.seatline.telephony.CallService;

@Command(scope = "seatline", name = "call-list", description = "Lists a tenant's calls in progress")
@Service
public class CallListCommand extends TenantAction {
    @Reference
    private CallService calls;

    @Override
    protected Object run() {
        ShellTable table = table("Call", "Direction", "From", "To", "Queue", "State", "Agent", "Offered");
        for (CallInfo c : TenantContext.within(tenant, calls::calls)) {
            table.addRow().addContent(c.id(), c.direction(), c.from(), c.to(), c.queue() == null ? "-" : c.queue(), c.state(),
                c.agentLogin() == null ? "-" : c.agentLogin(), c.offeredAt());
        }
        table.print(System.out);
        return null;
    }
}
