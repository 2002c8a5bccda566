package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Telephony with real user agents, not only SIPp: baresip softphones as agents' phones (over UDP and TCP; answering,
 * DTMF, the hold and transfer keys), linphonec for the phone's attended transfer (REFER with Replaces), Kamailio in
 * front of Seatline as the carrier's SBC (record-route), and parties behind a NAT simulated on loopback (RTP sent from
 * another port than the SDP names). Audio is measured, not assumed: every party sends its own tone, and what each one
 * receives is analysed for the others' tones (Goertzel), as are the call recordings' channels.
 *
 * <p>Seatline listens on the wildcard address here (0.0.0.0, advertised as 127.0.0.1): the Via and Call-ID of every
 * request it sends must still name a routable host.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RealPhoneIT extends TelephonyTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final double CUSTOMER_HZ = 500;
    private static final double AGENT_HZ = 1100;
    private static final double SECOND_HZ = 1700;

    private final List<AutoCloseable> peers = new CopyOnWriteArrayList<>();
    /** the SIPp message traces of this test: every request Seatline sent to a SIPp peer is in one of them */
    private final List<Path> traces = new CopyOnWriteArrayList<>();

    @Override
    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        // the wildcard address: Via, Contact and Call-ID must name the advertised host, never 0.0.0.0
        options.add(editConfigurationFilePut("etc/seatline.telephony.cfg", "sip.address", "0.0.0.0"));
        options.add(editConfigurationFilePut("etc/seatline.telephony.cfg", "sip.advertised.host", "127.0.0.1"));
        options.add(editConfigurationFilePut("etc/seatline.telephony.cfg", "media.address", "127.0.0.1"));
        return options.toArray(new Option[0]);
    }

    @After
    public void closePeers() {
        for (AutoCloseable p : peers) {
            try {
                p.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        peers.clear();
    }

    private <T extends AutoCloseable> T peer(T p) {
        peers.add(p);
        return p;
    }

    // =================================================================== registrations

    @Test
    public void twoPhonesRegisteringAtTheSameMomentAreBothAcceptedAtTheirFirstAttempt() throws Exception {
        String t = createTenant("reg", 5, 0);
        List<String[]> phones = new ArrayList<>();
        for (String name : List.of("ana", "ben")) {
            String userId = createUser(t, name, "[\"agent\"]");
            Answer p = op("PUT", "/tenants/" + t + "/agents/" + userId + "/profile",
                "{\"sipUser\":\"" + t + "." + name + "\",\"sipPassword\":\"Pw-" + name + "-1\",\"skills\":{}}");
            assertEquals(p.toString(), 200, p.status);
            phones.add(new String[] {t + "." + name, "Pw-" + name + "-1"});
        }
        // two phones send their REGISTERs in the same instant, 50 times: both are challenged at once (the old nonce, a
        // millisecond timestamp, was then the same for both), and both are accepted at their first authenticated attempt
        try (java.net.DatagramSocket a = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
             java.net.DatagramSocket b = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            java.net.DatagramSocket[] sockets = {a, b};
            for (java.net.DatagramSocket s : sockets) {
                s.setSoTimeout(5000);
            }
            java.util.Set<String> nonces = new java.util.HashSet<>();
            for (int round = 0; round < 50; round++) {
                String[] callIds = new String[2];
                for (int i = 0; i < 2; i++) {
                    callIds[i] = "reg-" + round + "-" + i + "-" + System.nanoTime();
                }
                for (int i = 0; i < 2; i++) {
                    sendSip(sockets[i], register(phones.get(i)[0], sockets[i].getLocalPort(), callIds[i], 1, null));
                }
                String[] nonce = new String[2];
                for (int i = 0; i < 2; i++) {
                    String challenge = receiveSip(sockets[i]);
                    assertTrue(challenge, challenge.startsWith("SIP/2.0 401"));
                    Matcher n = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
                    assertTrue(challenge, n.find());
                    nonce[i] = n.group(1);
                }
                assertNotEquals("round " + round + ": two challenges, one nonce", nonce[0], nonce[1]);
                assertTrue("a nonce is never issued twice", nonces.add(nonce[0]) && nonces.add(nonce[1]));
                for (int i = 0; i < 2; i++) {
                    String uri = "sip:127.0.0.1:" + sipPort();
                    String ha1 = md5(phones.get(i)[0] + ":seatline:" + phones.get(i)[1]);
                    String response = md5(ha1 + ":" + nonce[i] + ":" + md5("REGISTER:" + uri));
                    String auth = "Authorization: Digest username=\"" + phones.get(i)[0] + "\",realm=\"seatline\",nonce=\"" + nonce[i]
                        + "\",uri=\"" + uri + "\",response=\"" + response + "\",algorithm=MD5";
                    sendSip(sockets[i], register(phones.get(i)[0], sockets[i].getLocalPort(), callIds[i], 2, auth));
                }
                for (int i = 0; i < 2; i++) {
                    String answer = receiveSip(sockets[i]);
                    assertTrue("round " + round + ", phone " + i + ": " + answer, answer.startsWith("SIP/2.0 200"));
                }
            }
        }
    }

    private static String register(String user, int port, String callId, int cseq, String authorization) {
        return register(user, "127.0.0.1", port, callId, cseq, authorization);
    }

    /** A REGISTER naming {@code host:port} in its Via and Contact (a private address: a phone behind NAT). */
    private static String register(String user, String host, int port, String callId, int cseq, String authorization) {
        return "REGISTER sip:127.0.0.1:" + sipPort() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + host + ":" + port + ";branch=z9hG4bK" + callId.hashCode() + "x" + cseq + ";rport\r\n"
            + "From: <sip:" + user + "@127.0.0.1>;tag=" + callId.hashCode() + "\r\n"
            + "To: <sip:" + user + "@127.0.0.1>\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " REGISTER\r\n"
            + "Contact: <sip:" + user + "@" + host + ":" + port + ">\r\n"
            + (authorization == null ? "" : authorization + "\r\n")
            + "Expires: 300\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private static void sendSip(java.net.DatagramSocket s, String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        s.send(new java.net.DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), sipPort()));
    }

    /** The next final response on {@code s} (a 100 Trying is skipped). */
    private static String receiveSip(java.net.DatagramSocket s) throws IOException {
        return receive(s, m -> !m.startsWith("SIP/2.0 1"));
    }

    /** The next SIP message on {@code s} that is {@code wanted}; the others are skipped. */
    private static String receive(java.net.DatagramSocket s, java.util.function.Predicate<String> wanted) throws IOException {
        while (true) {
            byte[] buf = new byte[8192];
            java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
            s.receive(p);
            String m = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    private static String md5(String s) throws java.security.NoSuchAlgorithmException {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte x : d) {
            hex.append(String.format("%02x", x));
        }
        return hex.toString();
    }

    // =================================================================== NAT

    @Test
    public void aPhoneBehindNatIsCalledWhereItsRegistrationCameFromNotAtItsPrivateContact() throws Exception {
        String t = createTenant("sipnat", 5, 0);
        int carrierPort = freeUdpPort();
        String trunk = trunkFrom(carrierPort, false);
        String did = didOnTrunk(t, trunk, "care");
        String userId = createUser(t, "nat", "[\"agent\"]");
        String sipUser = t + ".nat";
        assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + userId + "/profile",
            "{\"sipUser\":\"" + sipUser + "\",\"sipPassword\":\"Pw-nat-1\",\"skills\":{}}").status);
        try (java.net.DatagramSocket nat = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            nat.setSoTimeout(15000);
            // the phone believes it is 192.168.77.9:5060 (Via and Contact); its packets come from the NAT's mapping
            String callIdHeader = "natreg-" + System.nanoTime();
            sendSip(nat, register(sipUser, "192.168.77.9", 5060, callIdHeader, 1, null));
            String challenge = receiveSip(nat);
            assertTrue("the response came back to the mapping (rport): " + challenge, challenge.startsWith("SIP/2.0 401"));
            assertTrue(challenge, challenge.contains("rport=" + nat.getLocalPort()) && challenge.contains("received=127.0.0.1"));
            Matcher n = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
            assertTrue(challenge, n.find());
            String uri = "sip:127.0.0.1:" + sipPort();
            String response = md5(md5(sipUser + ":seatline:Pw-nat-1") + ":" + n.group(1) + ":" + md5("REGISTER:" + uri));
            sendSip(nat, register(sipUser, "192.168.77.9", 5060, callIdHeader, 2, "Authorization: Digest username=\"" + sipUser
                + "\",realm=\"seatline\",nonce=\"" + n.group(1) + "\",uri=\"" + uri + "\",response=\"" + response + "\",algorithm=MD5"));
            assertTrue(receiveSip(nat).startsWith("SIP/2.0 200"));
            assertEquals(200, op("POST", "/tenants/" + t + "/agents/" + userId + "/login", "{}").status);
            assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + userId + "/state", "{\"state\":\"READY\"}").status);
            Sipp caller = Sipp.start("customer", sipPort(), "customer.xml", "-s", did, "-d", "1000", "-p", Integer.toString(carrierPort),
                "-m", "1", "-timeout", "30");
            processes.add(caller);
            // the agent's call reaches the phone through the mapping its REGISTER came from, addressed to its contact
            String invite;
            try {
                invite = receiveRequest(nat);
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no INVITE at the NAT's mapping; calls " + op("GET", "/tenants/" + t + "/calls", null).body
                    + "; agent " + op("GET", "/tenants/" + t + "/agents/" + userId, null).body);
            }
            assertTrue(invite, invite.startsWith("INVITE sip:" + sipUser + "@192.168.77.9:5060"));
            String via = header(invite, "Via", "v");
            assertTrue(via, via.contains("127.0.0.1:" + sipPort()));
        }
    }

    /** The next request on {@code s} (responses and retransmitted responses are skipped). */
    private static String receiveRequest(java.net.DatagramSocket s) throws IOException {
        return receive(s, m -> !m.startsWith("SIP/2.0"));
    }

    /** A trunk for a SIPp carrier sending from {@code 127.0.0.1:port}; symmetric RTP when the carrier is behind NAT. */
    private String trunkFrom(int port, boolean nat) {
        Answer a = op("POST", "/trunks", "{\"name\":\"" + unique("carrier") + "\",\"host\":\"127.0.0.1\",\"port\":" + freeUdpPort()
            + ",\"allowedSources\":[\"127.0.0.1:" + port + "\"],\"callerId\":\"4000000009\",\"symmetricRtp\":" + nat + "}");
        assertEquals(a.toString(), 201, a.status);
        assertEquals(nat, a.json.get("symmetricRtp").asBoolean());
        return a.json.get("id").asText();
    }

    /** Seatline's media address and port for a NATed SIPp party, written by its scenario to {@code file}. */
    private static InetSocketAddress seatlineMedia(Path file) {
        await().atMost(WAIT).until(() -> Files.exists(file) && Files.readString(file).trim().split(" ").length == 2);
        try {
            String[] f = Files.readString(file).trim().split(" ");
            return new InetSocketAddress(InetAddress.getByName(f[0]), Integer.parseInt(f[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path portFile(String name) throws IOException {
        return Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "sipp")).resolve(name + "-" + System.nanoTime() + ".port");
    }

    /** SIPp options that keep a message trace of what it received (Seatline's requests are checked from it). */
    private String[] traced(String name, String... more) throws IOException {
        Path trace = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "sipp")).resolve(name + "-" + System.nanoTime() + ".msg");
        traces.add(trace);
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("-trace_msg", "-message_file", trace.toString()));
        return args.toArray(new String[0]);
    }

    @Test
    public void aCustomerBehindNatIsHeardAndHearsTheAgent() throws Exception {
        String t = createTenant("natc", 5, 0);
        int carrierPort = freeUdpPort();
        String trunk = trunkFrom(carrierPort, true);
        String did = didOnTrunk(t, trunk, "care");
        try (Rtp.Ear customer = new Rtp.Ear("nat-customer"); Rtp.Ear agentEar = new Rtp.Ear("agent")) {
            Agent agent = phone(t, "nina", "[\"agent\"]", "{}", toneScenario("agent_tone.xml", AGENT_HZ), 100, true,
                traced("nat-agent", "-key", "rtp_in", Integer.toString(agentEar.port())));
            strictRtp(agent); // this SIPp phone listens on the ear, not where it sends from
            ready(agent);
            Path ports = portFile("nat-customer");
            // the customer's SDP names a private address nobody can reach; its RTP comes from (and goes back to) the ear
            Sipp caller = Sipp.start("nat-customer", sipPort(), "customer_nat.xml", traced("nat-customer", "-s", did, "-d", "8000",
                "-p", Integer.toString(carrierPort), "-m", "1", "-key", "sdp_ip", "192.168.77.7", "-key", "rtp_in", "4000",
                "-key", "portfile", ports.toString(), "-timeout", "60", "-timeout_error"));
            processes.add(caller);
            customer.talk(seatlineMedia(ports), CUSTOMER_HZ);
            hears(agentEar, CUSTOMER_HZ);
            hears(customer, AGENT_HZ);
            caller.assertSucceeded(Duration.ofSeconds(60));
        }
        assertViaAndCallIdRoutable();
    }

    @Test
    public void anAgentPhoneBehindNatIsHeardAndHearsTheCustomer() throws Exception {
        String t = createTenant("nata", 5, 0);
        int carrierPort = freeUdpPort();
        String trunk = trunkFrom(carrierPort, false);
        String did = didOnTrunk(t, trunk, "care");
        try (Rtp.Ear customer = new Rtp.Ear("customer"); Rtp.Ear agentNat = new Rtp.Ear("nat-agent")) {
            Path ports = portFile("nat-agent");
            // the phone's SDP names a private address; its RTP comes from (and must go back to) the NAT's mapping: the ear.
            // Symmetric RTP is the agent profile's default.
            Agent agent = phone(t, "nick", "[\"agent\"]", "{}", "agent_nat.xml", 100, true,
                traced("nat-agent", "-key", "sdp_ip", "192.168.77.8", "-key", "rtp_in", "4000", "-key", "portfile", ports.toString()));
            ready(agent);
            Sipp caller = Sipp.start("customer", sipPort(), toneScenario("customer_tone.xml", CUSTOMER_HZ), traced("customer", "-s", did,
                "-d", "8000", "-p", Integer.toString(carrierPort), "-m", "1", "-key", "rtp_in", Integer.toString(customer.port()),
                "-timeout", "60", "-timeout_error"));
            processes.add(caller);
            agentNat.talk(seatlineMedia(ports), AGENT_HZ);
            hears(agentNat, CUSTOMER_HZ);
            hears(customer, AGENT_HZ);
            caller.assertSucceeded(Duration.ofSeconds(60));
        }
        assertViaAndCallIdRoutable();
    }

    // =================================================================== softphones behind an SBC

    /** The carrier's SBC (Kamailio) in front of Seatline, and Seatline's trunk for it. */
    private record Sbc(Kamailio proxy, String trunkId, int port) {
        String uri(String number) {
            return "sip:" + number + "@127.0.0.1:" + port;
        }
    }

    /** Kamailio relaying between a carrier at {@code 127.0.0.1:carrierPort} and Seatline (record-route), and a trunk for it. */
    private Sbc sbc(int carrierPort) {
        int port = freeUdpPort();
        Kamailio k = peer(Kamailio.start("sbc", port, "127.0.0.1", sipPort(), "127.0.0.1", carrierPort));
        Answer a = op("POST", "/trunks", "{\"name\":\"" + unique("sbc") + "\",\"host\":\"127.0.0.1\",\"port\":" + port
            + ",\"allowedSources\":[\"127.0.0.1:" + port + "\"],\"callerId\":\"4000000010\"}");
        assertEquals(a.toString(), 201, a.status);
        return new Sbc(k, a.json.get("id").asText(), port);
    }

    /** A queue with a DID whose calls come and go through {@code sbc}. */
    private String didThrough(String t, Sbc sbc, String queue) {
        return didOnTrunk(t, sbc.trunkId(), queue);
    }

    /** A queue (no wrap-up) with a DID whose outbound calls leave through trunk {@code trunkId}. */
    private String didOnTrunk(String t, String trunkId, String queue) {
        String did = queueWithDid(t, queue, "{\"wrapUpSeconds\":0}");
        Answer d = op("PUT", "/dids/" + did, "{\"tenantId\":\"" + t + "\",\"queue\":\"" + queue + "\",\"trunkId\":\"" + trunkId + "\"}");
        assertEquals(d.toString(), 200, d.status);
        return did;
    }

    /** A customer's softphone on the carrier's side (no registrar), sending {@code hz}, answering what it is called with. */
    private Baresip customerPhone(int hz) {
        return customerPhone(hz, "8613800138000");
    }

    /** ... whose number is {@code number} (a softphone answers calls for its own user only: 404 otherwise). */
    private Baresip customerPhone(int hz, String number) {
        return peer(Baresip.start("customer", null, number, null, "udp", hz, true));
    }

    /** An agent with a baresip phone registered over {@code transport} (auto answer), logged in; READY if asked. */
    private record SoftAgent(String userId, String login, String sipUser, Baresip phone) {
    }

    private SoftAgent softAgent(String t, String name, int hz, String transport, boolean ready) {
        String userId = createUser(t, name, "[\"agent\"]");
        String sipUser = t + "." + name;
        String password = "Sip-" + name + "-pass";
        Answer p = op("PUT", "/tenants/" + t + "/agents/" + userId + "/profile",
            "{\"sipUser\":\"" + sipUser + "\",\"sipPassword\":\"" + password + "\",\"skills\":{}}");
        assertEquals(p.toString(), 200, p.status);
        Baresip phone = peer(Baresip.start("agent-" + name, "127.0.0.1:" + sipPort(), sipUser, password, transport, hz, true));
        phone.awaitRegistered(WAIT);
        Answer in = op("POST", "/tenants/" + t + "/agents/" + userId + "/login", "{}");
        assertEquals(in.toString(), 200, in.status);
        if (ready) {
            assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + userId + "/state", "{\"state\":\"READY\"}").status);
        }
        return new SoftAgent(userId, name + "@" + t, sipUser, phone);
    }

    private String state(String t, String callId) {
        return op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("state").asText();
    }

    private String talkingCall(String t, String agentUserId) {
        String[] id = new String[1];
        await().atMost(WAIT).until(() -> {
            for (JsonNode c : op("GET", "/tenants/" + t + "/calls", null).json) {
                if ("TALKING".equals(c.get("state").asText()) && agentUserId.equals(c.get("agentUserId").asText())) {
                    id[0] = c.get("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    /** Each of the two hears the other's tone (what each receives is analysed). */
    private static void talk(Baresip a, double aHz, Baresip b, double bHz) {
        a.awaitHearing(bHz, WAIT);
        b.awaitHearing(aHz, WAIT);
    }

    /** Records every call of tenant {@code t} in stereo (customer left, agent right). */
    private void recordAllInStereo(String t) {
        Answer r = op("PUT", "/tenants/" + t + "/recording-policy", "{\"mode\":\"ALL\",\"retentionDays\":30,\"stereo\":true}");
        assertEquals(r.toString(), 200, r.status);
    }

    /** The recording of a call (from its CDR), downloaded; each channel must carry its party's tone. */
    private void assertRecorded(String t, String callId, double leftHz, double rightHz) throws Exception {
        await().atMost(WAIT).until(() -> {
            JsonNode c = op("GET", "/tenants/" + t + "/cdrs/" + callId, null).json;
            return c != null && c.hasNonNull("recordingId");
        });
        String recordingId = op("GET", "/tenants/" + t + "/cdrs/" + callId, null).json.get("recordingId").asText();
        java.net.http.HttpResponse<byte[]> audio = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(baseUrl() + "/tenants/" + t + "/recordings/" + recordingId + "/audio"))
            .header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, audio.statusCode());
        Path wav = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "recordings-seen")).resolve(callId + ".wav");
        Files.write(wav, audio.body());
        Tone.Wav w = Tone.read(wav);
        assertEquals("a stereo recording", 2, w.channels.length);
        assertTrue("left (customer): " + Tone.describe(w.channel(0), w.rate, leftHz, rightHz),
            Tone.present(w.channel(0), w.rate, leftHz, Duration.ofSeconds(1)));
        assertTrue("right (agent): " + Tone.describe(w.channel(1), w.rate, leftHz, rightHz),
            Tone.present(w.channel(1), w.rate, rightHz, Duration.ofSeconds(1)));
    }

    @Test
    public void inboundThroughTheSbcToASoftphoneAgentHoldAndResumeFromRestAndFromThePhone() throws Exception {
        String t = createTenant("sbcin", 5, 0);
        recordAllInStereo(t);
        Baresip customer = customerPhone((int) CUSTOMER_HZ);
        Sbc sbc = sbc(customer.sipPort());
        String did = didThrough(t, sbc, "care");
        SoftAgent ann = softAgent(t, "ann", (int) AGENT_HZ, "udp", true);

        customer.dial(sbc.uri(did));
        customer.awaitCallEstablished(WAIT);
        ann.phone().awaitCallEstablished(WAIT);
        String callId = talkingCall(t, ann.userId());
        talk(customer, CUSTOMER_HZ, ann.phone(), AGENT_HZ);

        // hold from the console: the customer stops hearing the agent (music instead); resume: both hear each other again
        assertEquals(200, op("POST", "/tenants/" + t + "/calls/" + callId + "/hold", null).status);
        customer.awaitNotHearing(AGENT_HZ, Duration.ofSeconds(2), WAIT);
        assertEquals(200, op("POST", "/tenants/" + t + "/calls/" + callId + "/resume", null).status);
        talk(customer, CUSTOMER_HZ, ann.phone(), AGENT_HZ);

        // the phone's hold key: the call is HELD (as from the console), the customer hears no agent; its resume key
        ann.phone().hold();
        await().atMost(WAIT).until(() -> "HELD".equals(state(t, callId)));
        customer.awaitNotHearing(AGENT_HZ, Duration.ofSeconds(2), WAIT);
        ann.phone().resume();
        await().atMost(WAIT).until(() -> "TALKING".equals(state(t, callId)));
        talk(customer, CUSTOMER_HZ, ann.phone(), AGENT_HZ);

        // DTMF keyed on the agent's phone reaches the customer (RFC 4733 through the relay)
        ann.phone().sendDtmf("19#");
        customer.awaitDtmf("19#", WAIT);

        customer.hangup();
        ann.phone().awaitCallClosed(WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals("ANSWERED", cdr.get("disposition").asText());
        assertTrue(cdr.toString(), cdr.get("holdMs").asLong() > 0);
        assertRecorded(t, callId, CUSTOMER_HZ, AGENT_HZ);
    }

    @Test
    public void blindAndAttendedTransfersFromRestAndByTheTransferKeyKeepEveryoneHearingEveryone() throws Exception {
        String t = createTenant("xfer", 5, 0);
        Baresip customer = customerPhone((int) CUSTOMER_HZ);
        Sbc sbc = sbc(customer.sipPort());
        String did = didThrough(t, sbc, "care");
        SoftAgent ann = softAgent(t, "ann", (int) AGENT_HZ, "udp", true);
        SoftAgent bob = softAgent(t, "bob", (int) SECOND_HZ, "udp", false);

        customer.dial(sbc.uri(did));
        customer.awaitCallEstablished(WAIT);
        ann.phone().awaitCallEstablished(WAIT);
        String callId = talkingCall(t, ann.userId());
        talk(customer, CUSTOMER_HZ, ann.phone(), AGENT_HZ);

        // 1. blind transfer from the console: Bob takes the customer
        Answer blind = op("POST", "/tenants/" + t + "/calls/" + callId + "/transfer", "{\"agentUserId\":\"" + bob.userId() + "\"}");
        assertEquals(blind.toString(), 200, blind.status);
        bob.phone().awaitCallEstablished(WAIT);
        ann.phone().awaitCallClosed(WAIT);
        talk(customer, CUSTOMER_HZ, bob.phone(), SECOND_HZ);

        // 2. attended transfer from the console: Bob consults Ann while the customer waits, then hands over
        await().atMost(WAIT).until(() -> "TALKING".equals(state(t, callId)));
        Answer consult = op("POST", "/tenants/" + t + "/calls/" + callId + "/consult", "{\"agentUserId\":\"" + ann.userId() + "\"}");
        assertEquals(consult.toString(), 200, consult.status);
        ann.phone().awaitCallEstablished(WAIT);
        talk(bob.phone(), SECOND_HZ, ann.phone(), AGENT_HZ);
        customer.awaitNotHearing(SECOND_HZ, Duration.ofSeconds(2), WAIT);
        Answer done = op("POST", "/tenants/" + t + "/calls/" + callId + "/complete-transfer", null);
        assertEquals(done.toString(), 200, done.status);
        bob.phone().awaitCallClosed(WAIT);
        // the receiving agent is not deaf: it hears the customer, and the customer hears it
        talk(customer, CUSTOMER_HZ, ann.phone(), AGENT_HZ);

        // 3. blind transfer by the phone's transfer key (REFER): Ann sends the customer back to Bob
        ann.phone().transfer("sip:" + bob.sipUser() + "@127.0.0.1:" + sipPort());
        bob.phone().awaitCallEstablished(WAIT);
        ann.phone().awaitCallClosed(WAIT);
        talk(customer, CUSTOMER_HZ, bob.phone(), SECOND_HZ);
        await().atMost(WAIT).until(() -> bob.userId().equals(op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("agentUserId").asText()));

        customer.hangup();
        bob.phone().awaitCallClosed(WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals(3, cdr.get("transfers").asInt());
        assertEquals(bob.userId(), cdr.get("agentUserId").asText());
    }

    @Test
    public void attendedTransferFromThePhoneByReferWithReplaces() throws Exception {
        String t = createTenant("axfer", 5, 0);
        Baresip customer = customerPhone((int) CUSTOMER_HZ);
        Sbc sbc = sbc(customer.sipPort());
        String did = didThrough(t, sbc, "care");
        // Ann's phone is Linphone (baresip 1.0 has no attended transfer); it says a tone from a WAV
        String annId = createUser(t, "ann", "[\"agent\"]");
        Answer p = op("PUT", "/tenants/" + t + "/agents/" + annId + "/profile", "{\"sipUser\":\"" + t + ".ann\",\"sipPassword\":\"Sip-ann-pass\",\"skills\":{}}");
        assertEquals(p.toString(), 200, p.status);
        Linphone ann = peer(Linphone.start("ann", "127.0.0.1", sipPort(), t + ".ann", "Sip-ann-pass"));
        ann.awaitRegistered(WAIT);
        ann.autoAnswer(true);
        Path annTone = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "linphone")).resolve("ann-" + System.nanoTime() + ".wav");
        Tone.writeWav(annTone, AGENT_HZ, Duration.ofSeconds(120));
        ann.play(annTone);
        assertEquals(200, op("POST", "/tenants/" + t + "/agents/" + annId + "/login", "{}").status);
        assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + annId + "/state", "{\"state\":\"READY\"}").status);
        SoftAgent bob = softAgent(t, "bob", (int) SECOND_HZ, "udp", false);

        customer.dial(sbc.uri(did));
        customer.awaitCallEstablished(WAIT);
        int first = ann.awaitIncoming(WAIT);
        ann.awaitState(first, "StreamsRunning", WAIT);
        String callId = talkingCall(t, annId);
        customer.awaitHearing(AGENT_HZ, WAIT);

        // Ann holds the customer from the phone and calls Bob from the phone (its own call through Seatline, 407 digest)
        ann.pause(first);
        await().atMost(WAIT).until(() -> "HELD".equals(state(t, callId)));
        customer.awaitNotHearing(AGENT_HZ, Duration.ofSeconds(2), WAIT);
        int consult = ann.dial("sip:" + bob.sipUser() + "@127.0.0.1");
        bob.phone().awaitCallEstablished(WAIT);
        ann.awaitState(consult, "StreamsRunning", WAIT);
        ann.play(annTone);
        bob.phone().awaitHearing(AGENT_HZ, WAIT);
        JsonNode internal = null;
        for (JsonNode c : op("GET", "/tenants/" + t + "/calls", null).json) {
            if ("INTERNAL".equals(c.get("direction").asText())) {
                internal = c;
            }
        }
        assertTrue("the consultation is a call of its own", internal != null);

        // the transfer key: REFER with Replaces; Bob takes the customer, Ann leaves both calls
        ann.transferAttended(first, consult);
        ann.awaitNoCall(WAIT);
        talk(customer, CUSTOMER_HZ, bob.phone(), SECOND_HZ);
        await().atMost(WAIT).until(() -> bob.userId().equals(op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("agentUserId").asText()));
        assertEquals("TALKING", state(t, callId));

        customer.hangup();
        bob.phone().awaitCallClosed(WAIT);
        JsonNode cdrs = awaitCdrs(t, 2);
        JsonNode transferred = null;
        JsonNode replaced = null;
        for (JsonNode c : cdrs) {
            if (callId.equals(c.get("id").asText())) {
                transferred = c;
            } else {
                replaced = c;
            }
        }
        assertEquals(cdrs.toString(), 1, transferred.get("transfers").asInt());
        assertEquals(bob.userId(), transferred.get("agentUserId").asText());
        assertEquals("INTERNAL", replaced.get("direction").asText());
        assertEquals("replaced", replaced.get("hangupCause").asText());
    }

    @Test
    public void clickToCallAndDialerCallsAreAnchoredAndRecorded() throws Exception {
        String t = createTenant("orig", 5, 0);
        recordAllInStereo(t);
        // the customer both calls go to (click-to-call, then the campaign's contact, which the dialer dials as +86): one phone
        Baresip callee = customerPhone((int) CUSTOMER_HZ, "8613300133000");
        Sbc sbc = sbc(callee.sipPort());
        String did = didThrough(t, sbc, "sales");
        SoftAgent ann = softAgent(t, "ann", (int) AGENT_HZ, "udp", true);

        Answer call = op("POST", "/tenants/" + t + "/calls", "{\"number\":\"8613300133000\",\"target\":{\"agentUserId\":\"" + ann.userId()
            + "\"},\"callerId\":\"" + did + "\",\"ringTimeoutSeconds\":20}");
        assertEquals(call.toString(), 201, call.status);
        String callId = call.json.get("id").asText();
        callee.awaitCallEstablished(WAIT);
        ann.phone().awaitCallEstablished(WAIT);
        // anchored: both hear each other through the relay, and the call is recorded under policy ALL
        talk(callee, CUSTOMER_HZ, ann.phone(), AGENT_HZ);
        await().atMost(WAIT).until(() -> !op("GET", "/tenants/" + t + "/calls/" + callId, null).json.path("parties").isEmpty());
        assertEquals(204, op("POST", "/tenants/" + t + "/calls/" + callId + "/hangup", null).status);
        callee.awaitCallClosed(WAIT);
        ann.phone().awaitCallClosed(WAIT);
        assertRecorded(t, callId, CUSTOMER_HZ, AGENT_HZ);
        assertEquals("OUTBOUND", awaitCdrs(t, 1).get(0).get("direction").asText());

        // a dialer call (a preview campaign: the agent takes a contact and dials it) goes the same anchored way
        Answer campaign = op("POST", "/tenants/" + t + "/campaigns", "{\"name\":\"renew\",\"displayName\":\"续保 活动\",\"mode\":\"PREVIEW\","
            + "\"queue\":\"sales\",\"windowFrom\":\"00:00\",\"windowTo\":\"23:59\"}");
        assertEquals(campaign.toString(), 201, campaign.status);
        String campaignId = campaign.json.get("id").asText();
        Answer imported = sendRequest(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/tenants/" + t + "/campaigns/" + campaignId
                + "/lists/renewals/import")).timeout(Duration.ofSeconds(30)).header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD))
            .header("Content-Type", "text/csv").header("Accept", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray("phone,name\n13300133000,钱九\n".getBytes(StandardCharsets.UTF_8))).build());
        assertEquals(imported.toString(), 202, imported.status);
        await().atMost(WAIT).until(() -> !"RUNNING".equals(op("GET", "/tenants/" + t + "/imports/" + imported.json.get("id").asText(), null)
            .json.get("status").asText()));
        assertEquals(200, op("POST", "/tenants/" + t + "/campaigns/" + campaignId + "/start", null).status);
        await().atMost(WAIT).until(() -> "READY".equals(op("GET", "/tenants/" + t + "/agents/" + ann.userId(), null).json.get("state").asText()));
        Answer next = post(ann.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaignId + "/preview/next", null);
        assertEquals(next.toString(), 200, next.status);
        Answer dial = post(ann.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaignId + "/preview/" + next.json.get("id").asText()
            + "/dial", null);
        assertEquals(dial.toString(), 200, dial.status);
        String dialerCall = dial.json.get("callId").asText();
        callee.awaitCallEstablished(WAIT);
        ann.phone().awaitCallEstablished(WAIT);
        talk(callee, CUSTOMER_HZ, ann.phone(), AGENT_HZ);
        assertEquals(204, op("POST", "/tenants/" + t + "/calls/" + dialerCall + "/hangup", null).status);
        callee.awaitCallClosed(WAIT);
        assertRecorded(t, dialerCall, CUSTOMER_HZ, AGENT_HZ);
        assertEquals(200, op("POST", "/tenants/" + t + "/campaigns/" + campaignId + "/stop", null).status);
    }

    @Test
    public void aTcpOnlyPhoneReceivesAndEndsCallsOverItsOwnConnection() throws Exception {
        String t = createTenant("tcp", 5, 0);
        Baresip customer = customerPhone((int) CUSTOMER_HZ);
        Sbc sbc = sbc(customer.sipPort());
        String did = didThrough(t, sbc, "care");
        SoftAgent tina = softAgent(t, "tina", (int) AGENT_HZ, "tcp", true);
        JsonNode status = op("GET", "/tenants/" + t + "/agents/" + tina.userId(), null).json;
        assertTrue(status.toString(), status.get("contact").asText().contains("transport=tcp"));
        int phonePort = tina.phone().sipPort();
        try (Capture udp = Capture.udpTo(phonePort)) {
            // a call the agent ends from the phone
            customer.dial(sbc.uri(did));
            customer.awaitCallEstablished(WAIT);
            tina.phone().awaitCallEstablished(WAIT);
            talk(customer, CUSTOMER_HZ, tina.phone(), AGENT_HZ);
            tina.phone().hangup();
            customer.awaitCallClosed(WAIT);
            // a call the customer ends: Seatline's BYE reaches the phone over TCP
            assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + tina.userId() + "/state", "{\"state\":\"READY\"}").status);
            customer.dial(sbc.uri(did));
            customer.awaitCallEstablished(WAIT);
            tina.phone().awaitCallEstablished(WAIT);
            talk(customer, CUSTOMER_HZ, tina.phone(), AGENT_HZ);
            customer.hangup();
            tina.phone().awaitCallClosed(WAIT);
            awaitCdrs(t, 2);
            // nothing reached the phone's SIP port over UDP, and Seatline opened no connection of its own to the phone's
            // listening port: everything went over the connection the phone registered on
            assertEquals(udp.summary(), 0, udp.packets());
            assertEquals("connections Seatline opened to the phone's listening port", "", Capture.connectionsTo(phonePort));
        }
    }

    // =================================================================== Via and Call-ID

    private static final Pattern REQUEST = Pattern.compile("(?m)^([A-Z]+) sip:\\S+ SIP/2\\.0\\r?$");

    /**
     * Every request a SIPp peer of this test received from Seatline (the top Via is Seatline's: the peers talk to it
     * directly) names the advertised host in its Via sent-by, and no Call-ID Seatline made ends in a wildcard address.
     */
    private void assertViaAndCallIdRoutable() throws IOException {
        int checked = 0;
        for (Path trace : traces) {
            if (!Files.exists(trace)) {
                continue;
            }
            String text = Files.readString(trace, StandardCharsets.ISO_8859_1);
            for (String message : text.split("\\n-{20,}")) {
                int start = message.indexOf("message received");
                if (start < 0) {
                    continue;
                }
                String body = message.substring(message.indexOf('\n', start) + 1).strip();
                Matcher m = REQUEST.matcher(body);
                if (!m.find() || m.start() != 0) {
                    continue; // a response
                }
                String via = header(body, "Via", "v");
                String callId = header(body, "Call-ID", "i");
                assertTrue(body, via != null && callId != null);
                Matcher sentBy = Pattern.compile("SIP/2\\.0/[A-Za-z]+\\s+([^;\\s]+)").matcher(via);
                assertTrue(via, sentBy.find());
                String host = sentBy.group(1).replaceAll(":\\d+$", "").replace("[", "").replace("]", "");
                assertRoutable(m.group(1) + " Via " + via, host);
                if (callId.contains("@")) {
                    assertRoutable(m.group(1) + " Call-ID " + callId, callId.substring(callId.indexOf('@') + 1));
                }
                checked++;
            }
        }
        assertTrue("requests from Seatline were traced", checked >= 2);
    }

    private static void assertRoutable(String what, String host) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        assertFalse(what + " names a wildcard address", a.isAnyLocalAddress());
        assertEquals(what, "127.0.0.1", a.getHostAddress()); // the advertised host
    }

    private static String header(String message, String name, String compact) {
        for (String line : message.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String h = line.substring(0, colon).trim();
                if (h.equalsIgnoreCase(name) || h.equalsIgnoreCase(compact)) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return null;
    }
}
