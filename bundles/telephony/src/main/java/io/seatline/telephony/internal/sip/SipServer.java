package io.seatline.telephony.internal.sip;

import gov.nist.javax.sip.RequestEventExt;
import io.seatline.telephony.internal.TelephonyConfig;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded JAIN-SIP stack: UDP and TCP listening points on the configured address, factories, and the
 * small send helpers the registrar and the B2BUA share. It hands every event to a {@link Handler}; an exception
 * in a handler is caught here so it can never kill a listener thread.
 */
public final class SipServer implements SipListener {
    public interface Handler {
        void request(RequestEvent e);

        void response(ResponseEvent e);

        void timeout(TimeoutEvent e);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);

    final SipStack stack;
    public final SipProvider provider;
    public final HeaderFactory headers;
    public final AddressFactory addresses;
    final MessageFactory messages;
    public final String host;
    final int port;
    private final List<ListeningPoint> points = new ArrayList<>();
    private volatile Handler handler;
    public final AtomicLong handlerErrors = new AtomicLong();
    /** Seatline's Contact per transport ("udp", "tcp"): a phone on TCP is told to send its requests over TCP */
    private final Map<String, ContactHeader> contacts = new HashMap<>();
    private final String stackName;
    /** next hops pinned by Call-ID (read by {@link SipRouter}) */
    private final Map<String, javax.sip.address.Hop> pins;
    private final SecureRandom random = new SecureRandom();

    public SipServer(TelephonyConfig cfg, String advertisedHost) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        stackName = "seatline-" + cfg.sip_port() + "-" + System.nanoTime();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        // every request's next hop is chosen by SipRouter: dialogs with registered phones go where the phone registered from
        p.setProperty("javax.sip.ROUTER_PATH", SipRouter.class.getName());
        p.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        pins = SipRouter.pins(stackName);
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(cfg.sip_threads()));
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.TIMER_CLASS_NAME", "gov.nist.javax.sip.stack.timers.ScheduledExecutorSipTimer");
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(cfg.udp_buffer_bytes()));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(cfg.udp_buffer_bytes()));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(cfg.max_message_bytes()));
        // messages that waited longer than this in the stack's queue are dropped instead of processed late
        p.setProperty("gov.nist.javax.sip.CONGESTION_CONTROL_TIMEOUT", Integer.toString(cfg.congestion_drop_ms()));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(cfg.max_server_transactions()));
        p.setProperty("gov.nist.javax.sip.MAX_CLIENT_TRANSACTIONS", Integer.toString(cfg.max_server_transactions()));
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE", "4");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = factory.createSipStack(p);
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        messages = factory.createMessageFactory();
        host = advertisedHost;
        port = cfg.sip_port();
        SipProvider prov = null;
        for (String transport : cfg.sip_transports().split(",")) {
            String t = transport.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            ListeningPoint lp = stack.createListeningPoint(cfg.sip_address(), cfg.sip_port(), t);
            // Via sent-by is the advertised host, never the wildcard address the stack listens on (0.0.0.0, ::)
            try {
                lp.setSentBy(hostPort(advertisedHost, cfg.sip_port()));
            } catch (ParseException e) {
                LOG.warn("Via sent-by {} not accepted by the SIP stack ({}); set sip.advertised.host to an IPv4 address or a host name",
                    advertisedHost, e.getMessage());
            }
            points.add(lp);
            if (prov == null) {
                prov = stack.createSipProvider(lp);
            } else {
                prov.addListeningPoint(lp);
            }
        }
        if (prov == null) {
            throw new IllegalArgumentException("sip.transports names no transport");
        }
        provider = prov;
        try {
            provider.addSipListener(this);
        } catch (TooManyListenersException e) {
            throw new IllegalStateException(e);
        }
        for (String t : List.of("udp", "tcp")) {
            SipURI us = addresses.createSipURI(null, host);
            us.setPort(port);
            if (!"udp".equals(t)) {
                us.setTransportParam(t);
            }
            contacts.put(t, headers.createContactHeader(addresses.createAddress(us)));
        }
        stack.start();
    }

    public void setHandler(Handler h) {
        handler = h;
    }

    public void stop() {
        try {
            for (ListeningPoint lp : points) {
                try {
                    stack.deleteListeningPoint(lp);
                } catch (Exception e) {
                    LOG.debug("deleting listening point: {}", e.toString());
                }
            }
            stack.deleteSipProvider(provider);
        } catch (Exception e) {
            LOG.debug("deleting provider: {}", e.toString());
        }
        stack.stop();
        SipRouter.drop(stackName);
    }

    /** Seatline's Contact for a dialog over {@code transport} (RFC 3261 §8.1.1.8: with ;transport=tcp on TCP). */
    ContactHeader contact(String transport) {
        ContactHeader c = contacts.get(transport == null ? "udp" : transport.toLowerCase(java.util.Locale.ROOT));
        return c != null ? c : contacts.get("udp");
    }

    /** The transport a message came or goes over, from its top Via. */
    public static String transportOf(javax.sip.message.Message m) {
        ViaHeader v = (ViaHeader) m.getHeader(ViaHeader.NAME);
        return v == null || v.getTransport() == null ? "udp" : v.getTransport().toLowerCase(java.util.Locale.ROOT);
    }

    /** Requests of the dialog {@code callId} go to {@code ip:port} over {@code transport} (a phone behind NAT, a TCP connection). */
    public void pin(String callId, String ip, int port, String transport) {
        if (callId != null && ip != null && port > 0) {
            pins.put(callId, SipRouter.hop(ip, port, transport == null ? "udp" : transport));
        }
    }

    public void unpin(String callId) {
        if (callId != null) {
            pins.remove(callId);
        }
    }

    /** A new Call-ID naming the advertised host (not the listen address, which may be a wildcard). */
    CallIdHeader newCallId() {
        try {
            return headers.createCallIdHeader(Long.toUnsignedString(random.nextLong(), 36) + Long.toUnsignedString(System.nanoTime(), 36)
                + "@" + host);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The host Seatline names in Via, Contact, Call-ID and SDP when none is configured: the listen address, or for a
     * wildcard listen address (0.0.0.0, ::) the address of the interface outbound traffic leaves by (loopback if none).
     */
    public static String defaultHost(String listen) {
        String l = listen == null ? "" : listen.trim().replace("[", "").replace("]", "");
        boolean wildcard = l.isEmpty();
        if (!wildcard) {
            try {
                wildcard = java.net.InetAddress.getByName(l).isAnyLocalAddress();
            } catch (java.io.IOException e) {
                return l;
            }
        }
        if (!wildcard) {
            return l;
        }
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(java.net.InetAddress.getByName("192.0.2.1"), 5060); // TEST-NET: nothing is sent, a route is looked up
            java.net.InetAddress a = probe.getLocalAddress();
            if (a != null && !a.isAnyLocalAddress() && a instanceof java.net.Inet4Address) {
                return a.getHostAddress();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no route: loopback
        }
        return java.net.InetAddress.getLoopbackAddress().getHostAddress();
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    // ------------------------------------------------------------------ listener

    @Override
    public void processRequest(RequestEvent e) {
        Handler h = handler;
        try {
            if (h == null) {
                respondStateless(e.getRequest(), Response.SERVICE_UNAVAILABLE);
                return;
            }
            h.request(e);
        } catch (RuntimeException ex) {
            handlerErrors.incrementAndGet();
            LOG.warn("SIP request {} failed: {}", e.getRequest().getMethod(), ex.toString(), ex);
        }
    }

    @Override
    public void processResponse(ResponseEvent e) {
        Handler h = handler;
        try {
            if (h != null) {
                h.response(e);
            }
        } catch (RuntimeException ex) {
            handlerErrors.incrementAndGet();
            LOG.warn("SIP response handling failed: {}", ex.toString(), ex);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent e) {
        Handler h = handler;
        try {
            if (h != null) {
                h.timeout(e);
            }
        } catch (RuntimeException ex) {
            handlerErrors.incrementAndGet();
            LOG.warn("SIP timeout handling failed: {}", ex.toString(), ex);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent e) {
        LOG.debug("SIP I/O error towards {}:{} ({})", e.getHost(), e.getPort(), e.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent e) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent e) {
    }

    // ------------------------------------------------------------------ helpers

    public static String remoteIp(RequestEvent e) {
        return e instanceof RequestEventExt x ? x.getRemoteIpAddress() : null;
    }

    static int remotePort(RequestEvent e) {
        return e instanceof RequestEventExt x ? x.getRemotePort() : -1;
    }

    /**
     * The port a request really came from: over UDP the packet's source port (the NAT's mapping; the stack's "remote
     * port" is the one the Via names), over TCP the port the stack keeps the connection under (reused to reach the peer).
     */
    public static int sourcePort(RequestEvent e, ServerTransaction st) {
        if ("udp".equals(transportOf(e.getRequest())) && st instanceof gov.nist.javax.sip.stack.SIPTransaction t && t.getPeerPacketSourcePort() > 0) {
            return t.getPeerPacketSourcePort();
        }
        return remotePort(e);
    }

    /** The server transaction of a request, created if the stack has none yet; null for a retransmission. */
    public ServerTransaction serverTx(RequestEvent e) {
        ServerTransaction st = e.getServerTransaction();
        if (st != null) {
            return st;
        }
        try {
            return provider.getNewServerTransaction(e.getRequest());
        } catch (TransactionAlreadyExistsException ex) {
            return null;
        } catch (SipException ex) {
            LOG.debug("no server transaction for {}: {}", e.getRequest().getMethod(), ex.toString());
            return null;
        }
    }

    public Response response(int status, Request req) {
        try {
            return messages.createResponse(status, req);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public void respond(ServerTransaction st, int status) {
        send(st, response(status, st.getRequest()));
    }

    public void send(ServerTransaction st, Response r) {
        try {
            st.sendResponse(r);
        } catch (Exception e) {
            LOG.debug("sending {} failed: {}", r.getStatusCode(), e.toString());
        }
    }

    void respondStateless(Request req, int status) {
        try {
            provider.sendResponse(response(status, req));
        } catch (Exception e) {
            LOG.debug("stateless {} failed: {}", status, e.toString());
        }
    }

    /** A 200-class answer with our Contact, a To tag and, if given, an SDP body. */
    public Response answer(Request req, int status, String toTag, byte[] sdp) {
        try {
            Response r = sdp == null ? messages.createResponse(status, req)
                : messages.createResponse(status, req, sdpType(), sdp);
            ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
            if (to.getTag() == null && toTag != null) {
                to.setTag(toTag);
            }
            r.setHeader(contact(transportOf(req)));
            return r;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    ContentTypeHeader sdpType() throws ParseException {
        return headers.createContentTypeHeader("application", "sdp");
    }

    /** A new out-of-dialog INVITE from {@code fromUser} to {@code target}; null SDP for a delayed offer. */
    public Request invite(String fromUser, String fromDisplay, String target, byte[] sdp, String transport) throws ParseException, javax.sip.InvalidArgumentException {
        Address toAddr = addresses.createAddress(target);
        SipURI fromUri = addresses.createSipURI(fromUser, host);
        Address fromAddr = addresses.createAddress(fromUri);
        if (fromDisplay != null) {
            fromAddr.setDisplayName(fromDisplay);
        }
        CallIdHeader callId = newCallId();
        CSeqHeader cseq = headers.createCSeqHeader(1L, Request.INVITE);
        FromHeader from = headers.createFromHeader(fromAddr, Long.toHexString(System.nanoTime()) + Integer.toHexString((int) (Math.random() * 65536)));
        ToHeader to = headers.createToHeader(toAddr, null);
        String t = transport == null ? "udp" : transport.toLowerCase(java.util.Locale.ROOT);
        List<ViaHeader> via = new ArrayList<>(1);
        via.add(headers.createViaHeader(host, port, t, null));
        MaxForwardsHeader mf = headers.createMaxForwardsHeader(70);
        Request r = sdp == null
            ? messages.createRequest(toAddr.getURI(), Request.INVITE, callId, cseq, from, to, via, mf)
            : messages.createRequest(toAddr.getURI(), Request.INVITE, callId, cseq, from, to, via, mf, sdpType(), sdp);
        r.setHeader(contact(t));
        return r;
    }

    /** Sends a request on a new client transaction; null if it could not be sent. */
    public ClientTransaction sendNew(Request r) {
        try {
            ClientTransaction ct = provider.getNewClientTransaction(r);
            ct.sendRequest();
            return ct;
        } catch (SipException e) {
            LOG.debug("sending {} failed: {}", r.getMethod(), e.toString());
            return null;
        }
    }

    /** Sends an in-dialog request (BYE, re-INVITE); null if it could not be sent. */
    public ClientTransaction sendInDialog(Dialog dialog, String method, byte[] sdp) {
        try {
            Request r = dialog.createRequest(method);
            if (Request.INVITE.equals(method)) {
                r.setHeader(contact(transportOf(r)));
            }
            if (sdp != null) {
                r.setContent(sdp, sdpType());
            }
            ClientTransaction ct = provider.getNewClientTransaction(r);
            dialog.sendRequest(ct);
            return ct;
        } catch (Exception e) {
            LOG.debug("sending in-dialog {} failed: {}", method, e.toString());
            return null;
        }
    }

    /** A NOTIFY of the implicit subscription a REFER created (RFC 3515 §2.4.4): {@code sipfrag} is the status line. */
    public void notifyRefer(Dialog dialog, String sipfrag, boolean terminated) {
        try {
            Request r = dialog.createRequest(Request.NOTIFY);
            // NOTIFY refreshes the dialog's target: Seatline's advertised Contact, never the stack's listen address
            r.setHeader(contact(transportOf(r)));
            r.setHeader(headers.createEventHeader("refer"));
            javax.sip.header.SubscriptionStateHeader state = headers.createSubscriptionStateHeader(
                terminated ? javax.sip.header.SubscriptionStateHeader.TERMINATED : javax.sip.header.SubscriptionStateHeader.ACTIVE);
            if (terminated) {
                state.setReasonCode("noresource");
            } else {
                state.setExpires(60);
            }
            r.setHeader(state);
            ContentTypeHeader type = headers.createContentTypeHeader("message", "sipfrag");
            type.setParameter("version", "2.0");
            r.setContent((sipfrag + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), type);
            ClientTransaction ct = provider.getNewClientTransaction(r);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            LOG.debug("NOTIFY failed: {}", e.toString());
        }
    }

    public void ack(Dialog dialog, Response r, byte[] sdp) {
        try {
            long cseq = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = dialog.createAck(cseq);
            if (sdp != null) {
                ack.setContent(sdp, sdpType());
            }
            dialog.sendAck(ack);
        } catch (Exception e) {
            LOG.debug("ACK failed: {}", e.toString());
        }
    }

    public void cancel(ClientTransaction ct) {
        try {
            Request cancel = ct.createCancel();
            provider.getNewClientTransaction(cancel).sendRequest();
        } catch (Exception e) {
            LOG.debug("CANCEL failed: {}", e.toString());
        }
    }
}
