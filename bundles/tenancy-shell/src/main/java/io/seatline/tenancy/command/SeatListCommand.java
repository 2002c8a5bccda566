package io.seatline.tenancy.command;

import io.seatline.shell.TenantIdCompleter;
import io.seatline.shell.OperatorAction;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.Seat;
import io.seatline.tenancy.SeatOverview;
import io.seatline.tenancy.SeatService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "seat-list", description = "Lists a tenant's seats and who is logged into them")
@Service
public class SeatListCommand extends OperatorAction {
    @Reference
    private SeatService seats;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;

    @Override
    protected Object run() {
        SeatOverview o = TenantContext.within(tenant, seats::overview);
        System.out.printf("Tenant %s: dedicated %d/%d in use, shared %d/%d in use (pool has %d free)%n", o.tenantId(), o.dedicatedInUse(),
            o.dedicatedRented(), o.sharedInUse(), o.sharedAllowance(), o.sharedPoolFree());
        ShellTable table = new ShellTable();
        table.column("Seat");
        table.column("Kind");
        table.column("Agent");
        table.column("Since");
        for (Seat s : o.seats()) {
            table.addRow().addContent(s.id(), s.kind(), s.agentLogin() == null ? "-" : s.agentLogin(), s.since() == null ? "" : s.since());
        }
        table.print(System.out);
        return null;
    }
}
