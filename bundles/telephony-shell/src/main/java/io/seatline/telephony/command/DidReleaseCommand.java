package io.seatline.telephony.command;

import io.seatline.shell.OperatorAction;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.TelephonyAdminService;

@Command(scope = "seatline", name = "did-release", description = "Takes a DID back from its tenant")
@Service
public class DidReleaseCommand extends OperatorAction {
    @Reference
    private TelephonyAdminService admin;

    @Argument(index = 0, name = "number", required = true, description = "The DID")
    private String number;

    @Override
    protected Object run() {
        admin.releaseDid(number);
        System.out.println("DID " + number + " released");
        return null;
    }
}
