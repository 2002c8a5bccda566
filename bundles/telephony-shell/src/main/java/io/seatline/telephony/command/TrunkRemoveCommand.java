package io.seatline.telephony.command;

import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.TelephonyAdminService;

@Command(scope = "seatline", name = "trunk-remove", description = "Removes a SIP trunk")
@Service
public class TrunkRemoveCommand extends OperatorAction {
    @Reference
    private TelephonyAdminService admin;

    @Argument(index = 0, name = "id", required = true, description = "Trunk id (see trunk-list)")
    private String id;

    @Override
    protected Object run() {
        admin.deleteTrunk(id);
        System.out.println("Trunk " + id + " removed");
        return null;
    }
}
