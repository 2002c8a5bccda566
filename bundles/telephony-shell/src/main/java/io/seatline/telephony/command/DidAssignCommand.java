package io.seatline.telephony.command;

import io.seatline.shell.OperatorAction;
import io.seatline.shell.TenantIdCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.Did;
import io.seatline.telephony.TelephonyAdminService;

@Command(scope = "seatline", name = "did-assign", description = "Assigns a DID to a tenant (inbound calls to it enter the given queue)")
@Service
public class DidAssignCommand extends OperatorAction {
    @Reference
    private TelephonyAdminService admin;

    @Argument(index = 0, name = "number", required = true, description = "The DID (digits, + allowed)")
    private String number;
    @Argument(index = 1, name = "tenant", required = true, description = "Tenant id")
    @Completion(TenantIdCompleter.class)
    private String tenant;
    @Option(name = "-q", aliases = "--queue", description = "Entry queue of the tenant")
    private String queue;
    @Option(name = "-k", aliases = "--trunk", description = "Trunk for outbound calls with this caller id")
    private String trunk;

    @Override
    protected Object run() {
        Did d = admin.assignDid(number, tenant, queue, trunk);
        System.out.println("DID " + d.number() + " -> tenant " + d.tenantId() + (d.queue() == null ? " (no entry queue yet)" : ", queue " + d.queue()));
        return null;
    }
}
