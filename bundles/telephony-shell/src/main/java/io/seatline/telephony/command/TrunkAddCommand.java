package io.seatline.telephony.command;

import io.seatline.shell.OperatorAction;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import io.seatline.telephony.TelephonyAdminService;
import io.seatline.telephony.Trunk;
import io.seatline.telephony.TrunkSpec;

@Command(scope = "seatline", name = "trunk-add", description = "Adds a SIP trunk: where outbound calls go and which addresses may deliver inbound calls")
@Service
public class TrunkAddCommand extends OperatorAction {
    @Reference
    private TelephonyAdminService admin;

    @Argument(index = 0, name = "name", required = true, description = "Trunk name")
    private String name;
    @Argument(index = 1, name = "host", required = true, description = "Peer address outbound calls are sent to")
    private String host;
    @Option(name = "-p", aliases = "--port", description = "Peer port (default 5060)")
    private Integer port;
    @Option(name = "-t", aliases = "--transport", description = "UDP (default) or TCP")
    private String transport;
    @Option(name = "-s", aliases = "--source", multiValued = true, description = "Allowed source (IP, IP:port or CIDR); default: the host")
    private List<String> sources;
    @Option(name = "-c", aliases = "--caller-id", description = "Outbound caller id when a tenant has none")
    private String callerId;
    @Option(name = "-n", aliases = "--nat", description = "The carrier is behind NAT: send audio back to where its RTP comes from (symmetric RTP)")
    private boolean symmetricRtp;

    @Override
    protected Object run() {
        Trunk t = admin.createTrunk(new TrunkSpec(name, host, port, transport, sources, callerId, true, symmetricRtp));
        System.out.println("Trunk " + t.name() + " created (id " + t.id() + "), peer " + t.host() + ":" + t.port() + ", sources " + t.allowedSources());
        return null;
    }
}
