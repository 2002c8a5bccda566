package io.seatline.telephony.internal.sip;

import io.seatline.telephony.internal.TelephonyConfig;
import java.text.ParseException;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP registrar for agents' phones. A phone authenticates with digest against its agent's SIP identity (one per
 * agent, bound to its tenant); the binding lives in memory with its expiry. Repeated failures from one address
 * are refused without a challenge for a while, so passwords cannot be guessed at line rate.
 */
public final class Registrar {
    /** A SIP identity the registrar accepts. */
    public record Account(String tenantId, String userId, String login, String sipUser, String ha1) {
    }

    /**
     * Where an agent's phone can be reached: its Contact, and where its REGISTER came from (address, port and
     * transport). {@code viaSource}: requests to it go to the source, not the Contact — over TCP always (the phone's
     * own connection is reused, RFC 5626 style), over UDP when the phone is behind NAT (RFC 3581: its Contact or its
     * Via names another address or port than the packet came from).
     */
    public record Binding(String contact, long expiresAtMillis, String sourceIp, int sourcePort, String transport, boolean viaSource) {
        boolean live(long now) {
            return expiresAtMillis > now;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final SipServer sip;
    private final Function<String, Account> accounts;
    // live settings (etc/seatline.telephony.cfg): replaced by reconfigure() without touching bindings
    private volatile String realm;
    private volatile int minExpires;
    private volatile int maxExpires;
    private volatile int maxFailures;
    private volatile long blockMillis;
    private static final long NONCE_TTL_MILLIS = 300_000;
    private final Digest digest = new Digest(NONCE_TTL_MILLIS);
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    /** failed attempts by "ip|user" and by "ip": {count, time of the last one} */
    private final Map<String, long[]> failures = new ConcurrentHashMap<>();
    /** told when an agent's phone registers (true) or its binding ends (false) */
    private final BiConsumer<Account, Boolean> onChange;
    /** nonces already used for a successful REGISTER (until they expire): a captured request cannot be replayed */
    private final Map<String, Long> usedNonces = new ConcurrentHashMap<>();
    /** host:port a phone may not register (a trunk's peer: calls for the agent would go out through a carrier) */
    private final java.util.function.Predicate<String> forbiddenContact;

    public Registrar(SipServer sip, TelephonyConfig cfg, Function<String, Account> accounts, BiConsumer<Account, Boolean> onChange,
              java.util.function.Predicate<String> forbiddenContact) {
        this.forbiddenContact = forbiddenContact;
        this.sip = sip;
        this.accounts = accounts;
        reconfigure(cfg);
        this.onChange = onChange;
    }

    /** New realm, expiry bounds and lock-out settings; registrations in force keep their expiry until they refresh. */
    public void reconfigure(TelephonyConfig cfg) {
        this.realm = cfg.sip_realm();
        this.minExpires = cfg.register_min_expires();
        this.maxExpires = cfg.register_max_expires();
        this.maxFailures = cfg.auth_max_failures();
        this.blockMillis = cfg.auth_block_seconds() * 1000L;
    }

    public String realm() {
        return realm;
    }

    /** The live contact of {@code sipUser}, or null. */
    public String contact(String sipUser) {
        Binding b = binding(sipUser);
        return b == null ? null : b.contact();
    }

    public Binding binding(String sipUser) {
        Binding b = bindings.get(sipUser);
        return b != null && b.live(System.currentTimeMillis()) ? b : null;
    }

    /** Whether {@code sipUser} is an agent's SIP identity (its phone may place calls, once authenticated). */
    public boolean known(String sipUser) {
        return accounts.apply(sipUser) != null;
    }

    /** Whether the live registration of {@code sipUser} says its phone is behind NAT (requests go to its source). */
    public boolean natted(String sipUser) {
        Binding b = binding(sipUser);
        return b != null && b.viaSource();
    }

    public void forget(String sipUser) {
        bindings.remove(sipUser);
    }

    /** Drops expired bindings; returns nothing, tells {@code onChange}. */
    public void sweep() {
        long now = System.currentTimeMillis();
        bindings.forEach((user, b) -> {
            if (!b.live(now) && bindings.remove(user, b)) {
                Account a = accounts.apply(user);
                if (a != null) {
                    onChange.accept(a, false);
                }
            }
        });
        failures.entrySet().removeIf(e -> now - e.getValue()[1] > blockMillis);
        usedNonces.values().removeIf(expiry -> expiry < now);
    }

    public void handle(RequestEvent e) {
        ServerTransaction st = sip.serverTx(e);
        if (st == null) {
            return;
        }
        Request req = e.getRequest();
        ToHeader to = (ToHeader) req.getHeader(ToHeader.NAME);
        String user = to.getAddress().getURI() instanceof SipURI u ? u.getUser() : null;
        String source = SipServer.remoteIp(e);
        Account account = authenticate(st, req, source, user, false);
        if (account != null) {
            register(st, req, account, source, SipServer.sourcePort(e, st));
        }
    }

    /**
     * Authenticates a call an agent's phone places itself (an INVITE to another agent, a queue or a number) with a
     * proxy digest challenge (407), as the registrar does REGISTERs. Returns the account, or null when a challenge or
     * a refusal was sent.
     */
    public Account authorize(ServerTransaction st, Request req, String source) {
        javax.sip.header.FromHeader from = (javax.sip.header.FromHeader) req.getHeader(javax.sip.header.FromHeader.NAME);
        String user = from.getAddress().getURI() instanceof SipURI u ? u.getUser() : null;
        return authenticate(st, req, source, user, true);
    }

    private Account authenticate(ServerTransaction st, Request req, String source, String user, boolean proxy) {
        long now = System.currentTimeMillis();
        // blocked: this user from this address (one phone with a wrong password does not lock out a whole office
        // behind one NAT address), or this address altogether after many failures across users (guessing)
        if (blocked(source + "|" + user, maxFailures, now) || blocked(source, maxFailures * 4, now)) {
            sip.send(st, reason(sip.response(Response.FORBIDDEN, req), "Too many failed authentications"));
            return null;
        }
        AuthorizationHeader auth = (AuthorizationHeader) req.getHeader(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        if (auth == null || !digest.fresh(auth.getNonce())) {
            challenge(st, req, auth != null, proxy);
            return null;
        }
        Account account = user == null ? null : accounts.apply(user);
        if (account == null || !user.equals(auth.getUsername()) || !realm.equals(auth.getRealm())) {
            fail(st, req, source, user, now);
            return null;
        }
        String uri = auth.getURI() == null ? req.getRequestURI().toString() : auth.getURI().toString();
        String nc = auth.getParameter("nc");
        String expected = Digest.response(account.ha1(), req.getMethod(), uri, auth.getNonce(), auth.getQop(), nc, auth.getCNonce());
        if (!expected.equalsIgnoreCase(auth.getResponse())) {
            fail(st, req, source, user, now);
            return null;
        }
        failures.remove(source + "|" + user);
        if (usedNonces.putIfAbsent(auth.getNonce(), now + NONCE_TTL_MILLIS) != null) {
            challenge(st, req, true, proxy); // a nonce serves one request: a replayed one is asked to authenticate afresh
            return null;
        }
        return account;
    }

    /** Whether requests to this contact must go to where the REGISTER came from (see {@link Binding}). */
    static boolean viaSource(Request req, SipURI contact, String sourceIp, int sourcePort) {
        String transport = SipServer.transportOf(req);
        if (!"udp".equals(transport)) {
            return sourceIp != null && sourcePort > 0;
        }
        if (sourceIp == null || sourcePort <= 0) {
            return false;
        }
        String contactHost = contact.getHost();
        if (!sameAddress(contactHost, sourceIp)) {
            return true; // a private address behind NAT
        }
        javax.sip.header.ViaHeader via = (javax.sip.header.ViaHeader) req.getHeader(javax.sip.header.ViaHeader.NAME);
        int contactPort = contact.getPort() > 0 ? contact.getPort() : 5060;
        int viaPort = via == null || via.getPort() <= 0 ? 5060 : via.getPort();
        // the phone sent from the port it names (Via = Contact) but arrived from another one: a NAT rewrote the port
        return via != null && viaPort == contactPort && sameAddress(via.getHost(), contactHost) && sourcePort != viaPort;
    }

    /**
     * Whether two hosts are the same address. Only IP literals are compared (a host name is never looked up on a SIP
     * thread): a Contact naming a host name counts as another address, so the phone is reached where it registered from.
     */
    private static boolean sameAddress(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.replace("[", "").replace("]", "");
        String y = b.replace("[", "").replace("]", "");
        if (x.equalsIgnoreCase(y)) {
            return true;
        }
        if (!IP_LITERAL.matcher(x).matches() || !IP_LITERAL.matcher(y).matches()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(x).equals(java.net.InetAddress.getByName(y)); // literals: no lookup
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private void register(ServerTransaction st, Request req, Account account, String source, int sourcePort) {
        ExpiresHeader expiresHeader = req.getExpires();
        ListIterator<?> contacts = req.getHeaders(ContactHeader.NAME);
        ContactHeader contact = contacts.hasNext() ? (ContactHeader) contacts.next() : null;
        if (contact == null) {
            // a query: answer with the current binding
            Response r = sip.response(Response.OK, req);
            Binding b = binding(account.sipUser());
            if (b != null) {
                addContact(r, b.contact(), (int) ((b.expiresAtMillis() - System.currentTimeMillis()) / 1000));
            }
            sip.send(st, r);
            return;
        }
        int expires = contact.getExpires() >= 0 ? contact.getExpires() : expiresHeader != null ? expiresHeader.getExpires() : 3600;
        if (contact.isWildCard() || expires == 0) {
            Binding removed = bindings.remove(account.sipUser());
            sip.send(st, sip.response(Response.OK, req));
            if (removed != null) {
                onChange.accept(account, false);
            }
            return;
        }
        if (expires < minExpires) {
            Response r = sip.response(Response.INTERVAL_TOO_BRIEF, req);
            try {
                r.setHeader(sip.headers.createMinExpiresHeader(minExpires));
            } catch (javax.sip.InvalidArgumentException ex) {
                throw new IllegalStateException(ex);
            }
            sip.send(st, r);
            return;
        }
        expires = Math.min(expires, maxExpires);
        String uri = contact.getAddress().getURI().toString();
        SipURI contactUri = contact.getAddress().getURI() instanceof SipURI su ? su : null;
        // neither the Contact nor the source the phone's calls would be sent to (NAT, TCP) may be a trunk's peer
        if (contactUri == null || contactUri.getHost() == null
            || forbiddenContact.test(contactUri.getHost() + ":" + (contactUri.getPort() > 0 ? contactUri.getPort() : 5060))
            || source != null && forbiddenContact.test(source + ":" + sourcePort)) {
            sip.send(st, reason(sip.response(Response.FORBIDDEN, req), "Contact not allowed"));
            return;
        }
        Binding binding = new Binding(uri, System.currentTimeMillis() + expires * 1000L, source, sourcePort, SipServer.transportOf(req),
            viaSource(req, contactUri, source, sourcePort));
        Binding previous = bindings.put(account.sipUser(), binding);
        Response r = sip.response(Response.OK, req);
        addContact(r, uri, expires);
        sip.send(st, r);
        if (previous == null || !previous.live(System.currentTimeMillis())) {
            LOG.info("Agent {} ({}) registered at {}{}", account.login(), account.sipUser(), uri,
                binding.viaSource() ? " (reached at " + source + ":" + sourcePort + " over " + binding.transport() + ")" : "");
            onChange.accept(account, true);
        }
    }

    private void addContact(Response r, String uri, int expires) {
        try {
            ContactHeader c = sip.headers.createContactHeader(sip.addresses.createAddress(uri));
            c.setExpires(Math.max(expires, 0));
            r.setHeader(c);
        } catch (ParseException | javax.sip.InvalidArgumentException ex) {
            LOG.debug("contact {}: {}", uri, ex.toString());
        }
    }

    private void challenge(ServerTransaction st, Request req, boolean stale, boolean proxy) {
        try {
            Response r = sip.response(proxy ? Response.PROXY_AUTHENTICATION_REQUIRED : Response.UNAUTHORIZED, req);
            WWWAuthenticateHeader w = proxy ? sip.headers.createProxyAuthenticateHeader("Digest") : sip.headers.createWWWAuthenticateHeader("Digest");
            w.setRealm(realm);
            w.setNonce(digest.nonce());
            w.setAlgorithm("MD5");
            if (stale) {
                w.setParameter("stale", "TRUE");
            }
            r.setHeader(w);
            sip.send(st, r);
        } catch (ParseException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private boolean blocked(String key, int limit, long now) {
        long[] f = failures.get(key);
        return f != null && f[0] >= limit && now - f[1] < blockMillis;
    }

    private void fail(ServerTransaction st, Request req, String source, String user, long now) {
        count(source + "|" + user, now);
        count(String.valueOf(source), now);
        sip.send(st, reason(sip.response(Response.FORBIDDEN, req), "Bad credentials"));
    }

    private void count(String key, long now) {
        failures.compute(key, (k, v) -> {
            if (v == null || now - v[1] > blockMillis) {
                return new long[] {1, now};
            }
            v[0]++;
            v[1] = now;
            return v;
        });
    }

    private Response reason(Response r, String phrase) {
        try {
            r.setReasonPhrase(phrase);
        } catch (ParseException e) {
            // keep the default phrase
        }
        return r;
    }
}
