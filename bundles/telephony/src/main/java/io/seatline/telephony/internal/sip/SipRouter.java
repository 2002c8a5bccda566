package io.seatline.telephony.internal.sip;

import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

/**
 * The stack's next-hop router ({@code javax.sip.ROUTER_PATH}): a request of a dialog with a registered phone goes to
 * where that phone's registration came from — its NAT mapping over UDP (RFC 3581 {@code received}/{@code rport}
 * applied to its contact), its open connection over TCP (RFC 5626-style reuse) — not to the private address its
 * Contact names. Everything else, and every request with a Route set, follows RFC 3261 §8.1.2 (the default router).
 */
public final class SipRouter implements Router {
    /** pinned next hops by stack name, then by Call-ID */
    private static final Map<String, Map<String, Hop>> PINNED = new ConcurrentHashMap<>();

    private final DefaultRouter fallback;
    private final Map<String, Hop> pinned;

    public SipRouter(SipStack stack, String outboundProxy) {
        this.fallback = new DefaultRouter(stack, outboundProxy);
        this.pinned = PINNED.computeIfAbsent(stack.getStackName(), k -> new ConcurrentHashMap<>());
    }

    /** The pinned hops of the stack named {@code stackName} (SipServer fills and clears them). */
    static Map<String, Hop> pins(String stackName) {
        return PINNED.computeIfAbsent(stackName, k -> new ConcurrentHashMap<>());
    }

    static void drop(String stackName) {
        PINNED.remove(stackName);
    }

    static Hop hop(String ip, int port, String transport) {
        return new HopImpl(ip, port, transport.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        if (request.getHeader(RouteHeader.NAME) == null) {
            CallIdHeader id = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
            Hop h = id == null ? null : pinned.get(id.getCallId());
            if (h != null) {
                return h;
            }
        }
        return fallback.getNextHop(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return fallback.getOutboundProxy();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ListIterator getNextHops(Request request) {
        return fallback.getNextHops(request);
    }
}
