package io.seatline.crm.command;

import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.crm.TicketService;
import io.seatline.shell.TenantAction;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "ticket-list", description = "Lists a tenant's tickets (work orders, 工单), newest first")
@Service
public class TicketListCommand extends TenantAction {
    @Reference
    private TicketService tickets;

    @Option(name = "-s", aliases = "--status", description = "NEW, ASSIGNED, IN_PROGRESS, RESOLVED or CLOSED")
    private String status;
    @Option(name = "-c", aliases = "--category", description = "Category name")
    private String category;
    @Option(name = "-o", aliases = "--overdue", description = "Only tickets past their due time")
    private boolean overdue;
    @Option(name = "-n", aliases = "--limit", description = "How many (default 20, at most 500)")
    private int limit = 20;

    @Override
    protected Object run() {
        Page<TicketService.Ticket> page = TenantContext.within(tenant, () -> tickets.search(status, category, null, null, overdue, 0,
            limit(limit)));
        ShellTable table = table("Number", "Id", "Category", "Status", "Priority", "Title", "Assignee", "Department", "Due", "Overdue");
        for (TicketService.Ticket t : page.items()) {
            table.addRow().addContent(t.number(), t.id(), t.category(), t.status(), t.priority(), t.title(),
                t.assigneeUserId() == null ? (t.teamId() == null ? "-" : "team " + t.teamId()) : t.assigneeUserId(),
                t.department() == null ? "-" : t.department(), t.dueAt() == null ? "-" : t.dueAt(), t.overdue() ? "OVERDUE" : "");
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " tickets");
        return null;
    }
}
