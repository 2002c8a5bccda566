package io.seatline.crm.command;

import io.seatline.crm.TicketService;
import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "ticket-remind", description = "Sends the overdue reminders (催办) and due revisits now, instead of at the next scan")
@Service
public class TicketRemindCommand extends OperatorAction {
    @Reference
    private TicketService tickets;

    @Override
    protected Object run() {
        System.out.println(tickets.remind() + " reminders sent");
        return null;
    }
}
