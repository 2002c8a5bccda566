package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.AcdService;
import io.seatline.telephony.AgentState;
import io.seatline.telephony.AgentStatus;

@Command(scope = "seatline", name = "agent-state", description = "Sets an agent READY, NOT_READY (with a reason) or logs it out (supervisor action)")
@Service
public class AgentStateCommand extends TenantAction {
    @Reference
    private AcdService acd;

    @Argument(index = 1, name = "agent", required = true, description = "Agent login (name@tenant) or user id")
    private String agent;
    @Argument(index = 2, name = "state", required = true, description = "READY, NOT_READY or LOGGED_OUT")
    private String state;
    @Option(name = "-r", aliases = "--reason", description = "NOT_READY reason code")
    private String reason;

    @Override
    protected Object run() {
        AgentStatus result = TenantContext.within(tenant, () -> {
            AgentStatus a = acd.agentStatuses().stream().filter(s -> s.login().equals(agent) || s.userId().equals(agent)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no agent '" + agent + "' in tenant " + tenant));
            AgentState to = AgentState.valueOf(state.toUpperCase(java.util.Locale.ROOT));
            return to == AgentState.LOGGED_OUT ? acd.logout(a.userId()) : acd.setState(a.userId(), to, reason);
        });
        System.out.println(result.login() + " is " + result.state() + (result.reason() == null ? "" : " (" + result.reason() + ")"));
        return null;
    }
}
