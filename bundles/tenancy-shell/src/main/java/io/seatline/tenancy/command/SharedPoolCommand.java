package io.seatline.tenancy.command;

import io.seatline.shell.OperatorAction;
import io.seatline.tenancy.SeatService;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "shared-pool", description = "Shows or resizes the operator's shared seat pool")
@Service
public class SharedPoolCommand extends OperatorAction {
    @Reference
    private SeatService seats;

    @Argument(index = 0, name = "size", description = "New pool size (seats in use are never removed)")
    private Integer size;

    @Override
    protected Object run() {
        int now = size == null ? seats.sharedPoolSize() : seats.resizeSharedPool(size);
        System.out.println("Shared seat pool: " + now + " seats");
        return null;
    }
}
