package io.seatline.crm.command;

import io.seatline.core.TenantContext;
import io.seatline.crm.CrmService;
import io.seatline.crm.CustomerMerge;
import io.seatline.shell.TenantAction;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "customer-merge", description = "Merges a duplicate customer into the one to keep (history and tickets move)")
@Service
public class CustomerMergeCommand extends TenantAction {
    @Reference
    private CrmService crm;

    @Argument(index = 1, name = "keep", required = true, description = "Id of the customer that stays")
    private String keep;
    @Argument(index = 2, name = "source", required = true, description = "Id of the duplicate merged into it and deleted")
    private String source;

    @Override
    protected Object run() {
        CustomerMerge m = TenantContext.within(tenant, () -> crm.merge(keep, source));
        System.out.println("Merged " + m.mergedName() + " (" + m.mergedId() + ") into " + m.customer().name() + " (" + m.customer().id() + "): "
            + m.movedInteractions() + " history entries and " + m.movedTickets() + " tickets moved; phones " + m.customer().phones());
        return null;
    }
}
