package io.seatline.telephony.command;

import io.seatline.core.TenantContext;
import io.seatline.tenancy.command.OperatorAction;
import io.seatline.tenancy.command.TenantIdCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.CallInfo;
import io.seatline.telephony.CallService;

@Command(scope = "seatline", name = "call-list", description = "Lists a tenant's calls in progress")
@Service
public class CallListCommand extends OperatorAction {
    @Reference
    private CallService calls;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable();
        for (String c : List.of("Call", "Direction", "From", "To", "Queue", "State", "Agent", "Offered")) {
            table.column(c);
        }
        for (CallInfo c : TenantContext.within(tenant, calls::calls)) {
            table.addRow().addContent(c.id(), c.direction(), c.from(), c.to(), c.queue() == null ? "-" : c.queue(), c.state(),
                c.agentLogin() == null ? "-" : c.agentLogin(), c.offeredAt());
        }
        table.print(System.out);
        return null;
    }
}
