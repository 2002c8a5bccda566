package io.seatline.telephony.command;

import io.seatline.shell.TenantAction;
import io.seatline.core.TenantContext;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.CallService;

@Command(scope = "seatline", name = "call-hangup", description = "Ends a call in progress (both legs); its CDR is written")
@Service
public class CallHangupCommand extends TenantAction {
    @Reference
    private CallService calls;

    @Argument(index = 1, name = "call", required = true, description = "Call id (see call-list)")
    private String call;

    @Override
    protected Object run() {
        TenantContext.within(tenant, () -> {
            calls.hangup(call);
            return null;
        });
        System.out.println("Call " + call + " ended");
        return null;
    }
}
