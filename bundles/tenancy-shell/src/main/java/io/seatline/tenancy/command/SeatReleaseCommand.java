package io.seatline.tenancy.command;

import io.seatline.shell.TenantIdCompleter;
import io.seatline.shell.OperatorAction;
import io.seatline.core.TenantContext;
import io.seatline.tenancy.Seat;
import io.seatline.tenancy.SeatService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "seat-release", description = "Logs the agent in a seat out of it")
@Service
public class SeatReleaseCommand extends OperatorAction {
    @Reference
    private SeatService seats;

    @Argument(index = 0, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Argument(index = 1, name = "seat", required = true, description = "Seat id")
    private String seat;

    @Override
    protected Object run() {
        Seat s = TenantContext.within(tenant, () -> seats.release(seat));
        System.out.println("Seat " + s.id() + " released");
        return null;
    }
}
