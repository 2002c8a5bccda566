package io.seatline.telephony.command;

import io.seatline.core.TenantContext;
import io.seatline.telephony.BlacklistService;
import io.seatline.telephony.BlockedNumber;
import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "blacklist-add", description = "Blocks an inbound caller number for every tenant, or for one with -t")
@Service
public class BlacklistAddCommand extends OperatorAction {
    @Reference
    private BlacklistService blacklist;

    @Argument(index = 0, name = "phone", required = true, description = "The caller's number (E.164, or national in the tenant's country)")
    private String phone;
    @Option(name = "-t", aliases = "--tenant", description = "Block for this tenant only")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-m", aliases = "--message", description = "Answer with the built-in 'blocked' message instead of SIP 603")
    private boolean message;
    @Option(name = "--note", description = "Why (shown in the list)")
    private String note;

    @Override
    protected Object run() {
        String action = message ? "MESSAGE" : "REJECT";
        BlockedNumber b = tenant == null ? blacklist.blockForAll(phone, action, null, note)
            : TenantContext.within(tenant, () -> blacklist.block(phone, action, null, note));
        System.out.println("Blocked " + b.phone() + " (" + b.action() + ") for " + (tenant == null ? "every tenant" : tenant));
        return null;
    }
}
