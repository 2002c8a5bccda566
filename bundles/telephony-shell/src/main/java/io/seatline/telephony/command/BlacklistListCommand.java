package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import io.seatline.telephony.BlacklistService;
import io.seatline.telephony.BlockedNumber;
import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "seatline", name = "blacklist-list", description = "Lists blocked caller numbers: the operator's (every tenant), or a tenant's with -t")
@Service
public class BlacklistListCommand extends OperatorAction {
    @Reference
    private BlacklistService blacklist;

    @Option(name = "-t", aliases = "--tenant", description = "The tenant's own list (default: the operator's list)")
    @Completion(TenantIdCompleter.class)
    private String tenant;

    @Override
    protected Object run() {
        List<BlockedNumber> list = tenant == null ? blacklist.operatorList() : TenantContext.within(tenant, blacklist::list);
        ShellTable table = TenantAction.table("Phone", "Scope", "Action", "Prompt", "Note", "By", "At");
        for (BlockedNumber b : list) {
            table.addRow().addContent(b.phone(), b.scope(), b.action(), b.prompt() == null ? "-" : b.prompt(), b.note() == null ? "" : b.note(),
                b.addedBy(), b.addedAt());
        }
        table.print(System.out);
        return null;
    }
}
