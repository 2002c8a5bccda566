package io.seatline.billing.command;

import io.seatline.billing.Invoice;
import io.seatline.billing.InvoiceService;
import io.seatline.core.Page;
import io.seatline.shell.OperatorAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "invoice-issue", description = "Issues drafts: each takes the next gapless number and can no longer change")
@Service
public class InvoiceIssueCommand extends OperatorAction {
    @Reference
    private InvoiceService billing;

    @Argument(index = 0, name = "ids", multiValued = true, description = "Invoice ids (or -p for every draft of a month)")
    private List<String> ids;
    @Option(name = "-p", aliases = "--period", description = "Issue every DRAFT of this month (yyyy-MM), tenant by tenant")
    private String period;
    @Option(name = "--force", description = "Issue even if the month is open or has unrated calls")
    private boolean force;

    @Override
    protected Object run() {
        List<String> todo = new ArrayList<>(ids == null ? List.of() : ids);
        if (period != null) {
            int offset = 0;
            while (true) {
                Page<Invoice> page = billing.invoices(null, period, "DRAFT", offset, Page.MAX_LIMIT);
                page.items().stream().filter(i -> i.kind().equals("INVOICE")).map(Invoice::id).forEach(todo::add);
                offset += page.items().size();
                if (page.items().isEmpty() || offset >= page.total()) {
                    break;
                }
            }
        }
        if (todo.isEmpty()) {
            throw new IllegalArgumentException("name invoice ids, or -p yyyy-MM for every draft of a month");
        }
        for (String id : todo) {
            Invoice i = billing.issue(id, force);
            System.out.println(i.number() + "  " + i.tenantId() + "  " + i.period() + "  " + i.total().toPlainString() + " " + i.currency() + "  due "
                + i.dueOn());
        }
        System.out.println(todo.size() + " issued");
        return null;
    }
}
