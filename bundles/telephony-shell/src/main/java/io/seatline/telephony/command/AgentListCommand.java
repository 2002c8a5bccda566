package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentStatus;

@Command(scope = "seatline", name = "agent-list", description = "Lists a tenant's agents with their live states")
@Service
public class AgentListCommand extends TenantAction {
    @Reference
    private AcdService acd;

    @Override
    protected Object run() {
        ShellTable table = table("Agent", "SIP user", "State", "Reason", "Since", "Seat", "Phone", "Skills", "Calls");
        for (AgentStatus a : TenantContext.within(tenant, acd::agentStatuses)) {
            table.addRow().addContent(a.login(), a.sipUser(), a.state(), a.reason() == null ? "" : a.reason(), a.since(),
                a.seatId() == null ? "-" : a.seatId(), a.registered() ? a.contact() : "not registered", a.skills(), a.callsHandled());
        }
        table.print(System.out);
        return null;
    }
}
