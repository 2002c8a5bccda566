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
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentStatus;

@Command(scope = "seatline", name = "agent-list", description = "Lists a tenant's agents with their live states")
@Service
public class AgentListCommand extends OperatorAction {
    @Reference
    private AcdService acd;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;

    @Override
    protected Object run() {
        ShellTable table = new ShellTable();
        for (String c : List.of("Agent", "SIP user", "State", "Reason", "Since", "Seat", "Phone", "Skills", "Calls")) {
            table.column(c);
        }
        for (AgentStatus a : TenantContext.within(tenant, acd::agentStatuses)) {
            table.addRow().addContent(a.login(), a.sipUser(), a.state(), a.reason() == null ? "" : a.reason(), a.since(),
                a.seatId() == null ? "-" : a.seatId(), a.registered() ? a.contact() : "not registered", a.skills(), a.callsHandled());
        }
        table.print(System.out);
        return null;
    }
}
