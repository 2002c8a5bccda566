package io.seatline.billing.command;

import io.seatline.billing.Invoice;
import io.seatline.billing.InvoiceService;
import io.seatline.core.Page;
import io.seatline.shell.OperatorAction;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "invoice-list", description = "Lists invoices and credit notes, newest period first")
@Service
public class InvoiceListCommand extends OperatorAction {
    @Reference
    private InvoiceService billing;

    @Option(name = "-t", aliases = "--tenant", description = "Of this tenant")
    private String tenant;
    @Option(name = "-p", aliases = "--period", description = "Of this month, yyyy-MM")
    private String period;
    @Option(name = "-s", aliases = "--status", description = "DRAFT, ISSUED or DISCARDED")
    private String status;
    @Option(name = "-n", aliases = "--limit", description = "How many (default 50, at most 500)")
    private int limit = 50;

    @Override
    protected Object run() {
        Page<Invoice> page = billing.invoices(tenant, period, status, 0, Math.max(1, Math.min(limit, Page.MAX_LIMIT)));
        ShellTable table = new ShellTable();
        for (String c : List.of("Id", "Number", "Kind", "Status", "Tenant", "Period", "Currency", "Total", "Balance", "Due")) {
            table.column(c);
        }
        for (Invoice i : page.items()) {
            table.addRow().addContent(i.id(), i.number() == null ? "-" : i.number(), i.kind(), i.status(), i.tenantId(), i.period(), i.currency(),
                i.total(), i.balance(), i.dueOn() == null ? "-" : i.dueOn());
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " invoices");
        return null;
    }
}
