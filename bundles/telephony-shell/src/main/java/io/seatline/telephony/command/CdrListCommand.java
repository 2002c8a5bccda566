package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrService;

@Command(scope = "seatline", name = "cdr-list", description = "Lists a tenant's latest CDRs")
@Service
public class CdrListCommand extends TenantAction {
    @Reference
    private CdrService cdrs;

    @Option(name = "-n", aliases = "--limit", description = "How many (default 20)")
    private int limit = 20;

    @Override
    protected Object run() {
        ShellTable table = table("Call", "Dir", "From", "To", "Queue", "Agent", "Offered", "Wait s", "Talk s", "Disposition", "Cause");
        for (Cdr c : TenantContext.within(tenant, () -> cdrs.list(null, null, null, null, null, 0, limit(limit)).items())) {
            table.addRow().addContent(c.id(), c.direction(), c.from(), c.to(), c.queue() == null ? "-" : c.queue(),
                c.agentLogin() == null ? "-" : c.agentLogin(), c.offeredAt(), c.waitMs() / 1000.0, c.talkMs() / 1000.0, c.disposition(),
                c.hangupCause());
        }
        table.print(System.out);
        return null;
    }
}
