package io.seatline.tenancy.command;

import io.seatline.shell.TenantIdCompleter;
import io.seatline.shell.OperatorAction;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.Seat;
import io.seatline.tenancy.SeatService;
import io.seatline.tenancy.UserCredentials;
import io.seatline.tenancy.UserService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "seat-assign", description = "Logs an agent into a seat (seat 'auto' picks a free one)")
@Service
public class SeatAssignCommand extends OperatorAction {
    @Reference
    private SeatService seats;
    @Reference
    private UserService users;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Argument(index = 1, name = "seat", required = true, description = "Seat id (e.g. acme-D001, SH-001) or auto")
    private String seat;
    @Argument(index = 2, name = "agent", required = true, description = "Agent username (or login username@tenant)")
    private String agent;

    @Override
    protected Object run() {
        String login = agent.contains("@") ? agent : agent + "@" + tenant;
        UserCredentials c = users.credentials(login)
            .orElseThrow(() -> new NotFoundException("not_found", "user '" + login + "' not found"));
        Seat s = TenantContext.within(tenant, () -> seats.assign(seat, c.userId()));
        System.out.println(s.agentLogin() + " is logged into " + s.id() + " (" + s.kind() + ")");
        return null;
    }
}
