package io.seatline.crm.command;

import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.crm.CrmService;
import io.seatline.crm.Customer;
import io.seatline.shell.TenantAction;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "customer-list", description = "Lists or searches a tenant's customers, most recently updated first")
@Service
public class CustomerListCommand extends TenantAction {
    @Reference
    private CrmService crm;

    @Option(name = "-q", aliases = "--name", description = "Name contains")
    private String q;
    @Option(name = "-p", aliases = "--phone", description = "Has this phone (any format)")
    private String phone;
    @Option(name = "-e", aliases = "--email", description = "Has this e-mail address")
    private String email;
    @Option(name = "--tag", description = "Has this tag")
    private String tag;
    @Option(name = "-n", aliases = "--limit", description = "How many (default 20, at most 500)")
    private int limit = 20;

    @Override
    protected Object run() {
        Page<Customer> page = TenantContext.within(tenant, () -> crm.search(q, phone, email, tag, null, 0, limit(limit)));
        ShellTable table = table("Id", "Name", "Phones", "E-mail", "Tags", "Updated");
        for (Customer c : page.items()) {
            table.addRow().addContent(c.id(), c.name(), String.join(" ", c.phones()), c.email() == null ? "-" : c.email(),
                String.join(",", c.tags()), c.updatedAt());
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " customers");
        return null;
    }
}
