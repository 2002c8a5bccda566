package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import io.seatline.telephony.TelephonyAdminService;
import io.seatline.telephony.Trunk;

@Command(scope = "seatline", name = "trunk-list", description = "Lists the operator's SIP trunks")
@Service
public class TrunkListCommand extends OperatorAction {
    @Reference
    private TelephonyAdminService admin;

    @Override
    protected Object run() {
        ShellTable table = TenantAction.table("Id", "Name", "Peer", "Transport", "Allowed sources", "Caller id", "Enabled");
        for (Trunk t : admin.trunks()) {
            table.addRow().addContent(t.id(), t.name(), t.host() + ":" + t.port(), t.transport(), String.join(",", t.allowedSources()),
                t.callerId() == null ? "-" : t.callerId(), t.enabled());
        }
        table.print(System.out);
        return null;
    }
}
