package io.seatline.crm.command;

import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.crm.CrmService;
import io.seatline.crm.CustomerDuplicate;
import io.seatline.shell.TenantAction;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "customer-duplicates", description = "Lists a tenant's customers that share a phone or an e-mail address")
@Service
public class CustomerDuplicatesCommand extends TenantAction {
    @Reference
    private CrmService crm;

    @Option(name = "-c", aliases = "--customer", description = "Only the groups of this customer")
    private String customer;
    @Option(name = "-n", aliases = "--limit", description = "How many groups (default 50)")
    private int limit = 50;

    @Override
    protected Object run() {
        Page<CustomerDuplicate> page = TenantContext.within(tenant, () -> crm.duplicates(customer, 0, limit(limit)));
        ShellTable table = table("Shared", "Value", "Customers (id name)");
        for (CustomerDuplicate d : page.items()) {
            table.addRow().addContent(d.kind(), d.value(), d.customers().stream().map(c -> c.id() + " " + c.name()).collect(Collectors.joining("; ")));
        }
        table.print(System.out);
        System.out.println(page.total() + " groups; merge with seatline:customer-merge " + tenant + " <keep> <merge-away>");
        return null;
    }
}
