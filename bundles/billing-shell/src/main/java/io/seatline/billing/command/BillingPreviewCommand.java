package io.seatline.billing.command;

import io.seatline.billing.Invoice;
import io.seatline.billing.Preview;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "billing-preview", description = "Shows the invoices a run of the month would create, writing nothing")
@Service
public class BillingPreviewCommand extends BillingPeriodAction {
    @Option(name = "-l", aliases = "--lines", description = "Print every invoice line")
    private boolean lines;

    @Override
    protected Object run() {
        Preview p = billing.preview(request());
        ShellTable table = new ShellTable();
        for (String c : List.of("Tenant", "Name", "Currency", "Lines", "Net", "Tax", "Total", "Unrated calls")) {
            table.column(c);
        }
        for (Invoice i : p.invoices()) {
            table.addRow().addContent(i.tenantId(), i.tenantName(), i.currency(), i.lines().size(), i.net(), i.tax(), i.total(), i.unratedCalls());
        }
        table.print(System.out);
        if (lines) {
            for (Invoice i : p.invoices()) {
                System.out.println(i.tenantId() + ":");
                i.lines().forEach(l -> System.out.println("  " + l.section() + "  " + l.description() + "  " + l.from() + " – " + l.to() + "  "
                    + l.net().toPlainString()));
            }
        }
        p.skipped().forEach(s -> System.out.println("skipped " + s));
        p.warnings().forEach(w -> System.out.println("warning: " + w));
        System.out.println(p.invoices().size() + " invoices would be created for " + p.period());
        return null;
    }
}
