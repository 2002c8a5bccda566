package io.seatline.security.command;

import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.security.AuditEntry;
import io.seatline.security.AuditService;
import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "audit-list", description = "Shows the audit trail, newest first (one tenant with -t)")
@Service
public class AuditListCommand extends OperatorAction {
    @Reference
    private AuditService audit;

    @Option(name = "-t", aliases = "--tenant", description = "Only this tenant")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-n", aliases = "--count", description = "How many entries (default 20)")
    private int count = 20;

    @Override
    protected Object run() {
        Page<AuditEntry> page = tenant == null ? audit.listOperator(0, count) : TenantContext.within(tenant, () -> audit.list(0, count));
        ShellTable table = new ShellTable();
        table.column("At");
        table.column("Tenant");
        table.column("Actor");
        table.column("Action");
        table.column("Target");
        table.column("Detail").maxSize(60);
        for (AuditEntry e : page.items()) {
            table.addRow().addContent(e.at(), e.tenantId() == null ? "-" : e.tenantId(), e.actor(), e.action(), e.target(),
                e.detail() == null ? "" : e.detail());
        }
        table.print(System.out);
        System.out.println(page.items().size() + " of " + page.total() + " entries");
        return null;
    }
}
