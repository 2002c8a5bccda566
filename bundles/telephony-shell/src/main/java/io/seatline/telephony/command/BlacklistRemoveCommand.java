package io.seatline.telephony.command;

import io.seatline.core.TenantContext;
import io.seatline.telephony.BlacklistService;
import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "blacklist-remove", description = "Unblocks a caller number on the operator's list, or a tenant's with -t")
@Service
public class BlacklistRemoveCommand extends OperatorAction {
    @Reference
    private BlacklistService blacklist;

    @Argument(index = 0, name = "phone", required = true, description = "The blocked number")
    private String phone;
    @Option(name = "-t", aliases = "--tenant", description = "The tenant's own list")
    @Completion(TenantIdCompleter.class)
    private String tenant;

    @Override
    protected Object run() {
        if (tenant == null) {
            blacklist.unblockForAll(phone);
        } else {
            TenantContext.within(tenant, () -> {
                blacklist.unblock(phone);
                return null;
            });
        }
        System.out.println("Unblocked " + phone);
        return null;
    }
}
