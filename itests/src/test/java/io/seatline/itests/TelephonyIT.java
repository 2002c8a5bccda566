package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.ServiceReference;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Telephony end to end against the assembled distribution with real SIP peers: SIPp plays customers calling DIDs
 * through a trunk, agents' phones (REGISTER with digest, ring, answer, hang up) and the far end of outbound calls.
 * One Karaf for the class; every test works in tenants of its own.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TelephonyIT extends TelephonyTestSupport {
    private static final Duration CALL_WAIT = Duration.ofSeconds(60);
    /** where the trunk delivers outbound calls (a SIPp callee listens here when a test dials out) */
    private static int trunkPort;
    private static String trunkId;

    @Inject
    private BundleContext bundleContext;

    @Before
    public void trunk() {
        synchronized (TelephonyIT.class) {
            if (trunkId == null) {
                trunkPort = freeUdpPort();
                Answer t = op("POST", "/trunks", "{\"name\":\"it-carrier\",\"host\":\"127.0.0.1\",\"port\":" + trunkPort
                    + ",\"allowedSources\":[\"127.0.0.1\"],\"callerId\":\"4000000000\"}");
                assertEquals(t.toString(), 201, t.status);
                trunkId = t.json.get("id").asText();
            }
        }
    }

    // ================================================================= tests

    @Test
    public void everyCallReachesOnlyItsTenantsAgentsAndHasExactlyOneCdr() {
        String a = createTenant("tela", 5, 0);
        String b = createTenant("telb", 5, 0);
        String didA = queueWithDid(a, "sales", "{\"requiredSkills\":{\"sales\":1},\"wrapUpSeconds\":0}");
        String didB = queueWithDid(b, "sales", "{\"requiredSkills\":{\"sales\":1},\"wrapUpSeconds\":0}");
        Agent agentA = agent(a, "alice", "{\"sales\":3}", "agent.xml", 200);
        Agent agentB = agent(b, "bruce", "{\"sales\":3}", "agent.xml", 200);
        ready(agentA);
        ready(agentB);

        Sipp callsA = customer("customers-a", "customer.xml", didA, 1000, "-m", "4", "-l", "1", "-r", "2");
        Sipp callsB = customer("customers-b", "customer.xml", didB, 1000, "-m", "4", "-l", "1", "-r", "2");
        callsA.assertSucceeded(CALL_WAIT);
        callsB.assertSucceeded(CALL_WAIT);
        assertEquals(4, callsA.successful());
        assertEquals(4, callsB.successful());

        // CDR count equals SIPp's successful calls exactly, each answered by the tenant's own agent, talk 1 s ± 1 s
        JsonNode cdrsA = awaitCdrs(a, 4);
        JsonNode cdrsB = awaitCdrs(b, 4);
        for (JsonNode c : cdrsA) {
            assertEquals(agentA.userId(), c.get("agentUserId").asText());
            assertEquals("ANSWERED", c.get("disposition").asText());
            assertEquals(didA, c.get("did").asText());
            assertEquals("INBOUND", c.get("direction").asText());
            assertTrue(c.toString(), Math.abs(c.get("talkMs").asLong() - 1000) <= 1000);
            assertEquals("customer_bye", c.get("hangupCause").asText());
            assertEquals(2, c.get("legs").size());
        }
        for (JsonNode c : cdrsB) {
            assertEquals(agentB.userId(), c.get("agentUserId").asText());
        }
        // each phone received exactly its own tenant's four calls
        await().atMost(Duration.ofSeconds(10)).until(() -> agentA.phone().successful() == 4 && agentB.phone().successful() == 4);
        assertEquals(0, agentA.phone().failed());

        // isolation: B's supervisor sees neither A's CDRs, nor one of them by id, nor A's agents
        createUser(b, "boss", "[\"supervisor\"]");
        assertEquals(403, get("boss@" + b, PASSWORD, "/tenants/" + a + "/cdrs").status);
        assertEquals(404, get("boss@" + b, PASSWORD, "/tenants/" + b + "/cdrs/" + cdrsA.get(0).get("id").asText()).status);
        assertEquals(403, get("boss@" + b, PASSWORD, "/tenants/" + a + "/agents").status);
        assertEquals(4, get("boss@" + b, PASSWORD, "/tenants/" + b + "/cdrs").json.get("total").asInt());

        // every transition of the agent is persisted with its timestamp
        JsonNode history = op("GET", "/tenants/" + a + "/agents/" + agentA.userId() + "/history", null).json;
        List<String> states = StreamSupport.stream(history.spliterator(), false).map(h -> h.get("state").asText()).toList();
        assertEquals("NOT_READY", states.get(0));
        assertEquals(4, states.stream().filter("ON_CALL"::equals).count());
        assertEquals(4, states.stream().filter("WRAP_UP"::equals).count());
        assertTrue(states.toString(), String.join(",", states).contains("RESERVED,ON_CALL,WRAP_UP,READY"));
        JsonNode agent = op("GET", "/tenants/" + a + "/agents/" + agentA.userId(), null).json;
        assertEquals(4, agent.get("callsHandled").asInt());
        assertEquals("READY", agent.get("state").asText());
    }

    @Test
    public void skillsRoutingPicksTheQualifiedAgent() {
        String t = createTenant("skill", 5, 0);
        String did = queueWithDid(t, "mandarin", "{\"requiredSkills\":{\"mandarin\":3},\"wrapUpSeconds\":0}");
        Agent english = agent(t, "english", "{\"english\":5}", "agent.xml", 100);
        Agent beginner = agent(t, "beginner", "{\"mandarin\":1}", "agent.xml", 100);
        Agent fluent = agent(t, "fluent", "{\"mandarin\":4,\"english\":2}", "agent.xml", 100);
        // the unqualified agents have waited longest: longest-idle alone would pick them
        ready(english);
        ready(beginner);
        ready(fluent);
        customer("skill-call", "customer.xml", did, 500, "-m", "1").assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals(fluent.userId(), cdr.get("agentUserId").asText());
        JsonNode stats = op("GET", "/tenants/" + t + "/queues/stats", null).json.get(0);
        assertEquals("mandarin", stats.get("queue").asText());
        assertEquals(1, stats.get("agentsReady").asInt()); // only the fluent agent counts for this queue
        assertEquals(1, stats.get("answered").asInt());
    }

    @Test
    public void longestIdleOrderHolds() {
        String t = createTenant("idle", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent p = agent(t, "pat", "{}", "agent.xml", 100);
        Agent q = agent(t, "quinn", "{}", "agent.xml", 100);
        Agent r = agent(t, "robin", "{}", "agent.xml", 100);
        ready(q);
        ready(r);
        ready(p);
        // one call at a time: each agent goes back to READY (most recently idle) after its call
        customer("idle-calls", "customer.xml", did, 300, "-m", "4", "-l", "1").assertSucceeded(CALL_WAIT);
        JsonNode cdrs = awaitCdrs(t, 4);
        List<String> order = new ArrayList<>();
        for (int i = cdrs.size() - 1; i >= 0; i--) { // the list is newest first
            order.add(cdrs.get(i).get("agentUserId").asText());
        }
        assertEquals(List.of(q.userId(), r.userId(), p.userId(), q.userId()), order);
    }

    @Test
    public void callerAbandonIsRecordedWithItsWaitTime() {
        String t = createTenant("aband", 5, 0);
        String did = queueWithDid(t, "sales", "{}");
        Agent busy = agent(t, "away", "{}", "agent.xml", 100); // logged in, NOT_READY: nobody takes the call
        customer("abandon", "customer_abandon.xml", did, 2000, "-m", "1").assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals("ABANDONED", cdr.get("disposition").asText());
        assertEquals("caller_cancel", cdr.get("hangupCause").asText());
        assertTrue(cdr.toString(), Math.abs(cdr.get("waitMs").asLong() - 2000) <= 1000);
        assertTrue(cdr.get("answeredAt").isNull());
        assertEquals(0, cdr.get("talkMs").asLong());
        JsonNode stats = op("GET", "/tenants/" + t + "/queues/stats", null).json.get(0);
        assertEquals(1, stats.get("abandoned").asInt());
        assertEquals(0, stats.get("waiting").asInt());
        assertEquals(0, busy.phone().successful() + busy.phone().failed());
    }

    @Test
    public void aCallWaitingTooLongOverflowsToTheOverflowQueue() {
        String t = createTenant("ovfl", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + t + "/queues/backup", "{\"requiredSkills\":{\"english\":1},\"wrapUpSeconds\":0}").status);
        String did = queueWithDid(t, "front", "{\"requiredSkills\":{\"cantonese\":2},\"maxWaitSeconds\":2,\"overflowQueue\":\"backup\"}");
        Agent english = agent(t, "eve", "{\"english\":3}", "agent.xml", 100); // not qualified for the front queue
        ready(english);
        customer("overflow-call", "customer.xml", did, 300, "-m", "1").assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals("backup", cdr.get("queue").asText());
        assertEquals(english.userId(), cdr.get("agentUserId").asText());
        assertTrue(cdr.toString(), cdr.get("waitMs").asLong() >= 2000);
        JsonNode stats = op("GET", "/tenants/" + t + "/queues/stats", null).json;
        for (JsonNode q : stats) {
            assertEquals(q.toString(), 1, q.get("offered").asInt());
            assertEquals(q.toString(), "backup".equals(q.get("queue").asText()) ? 1 : 0, q.get("answered").asInt());
        }
    }

    @Test
    public void ringNoAnswerSetsTheAgentNotReadyAndRequeuesTheCallAtItsPosition() {
        String t = createTenant("rna", 5, 0);
        String did = queueWithDid(t, "sales", "{\"ringTimeoutSeconds\":3,\"wrapUpSeconds\":0}");
        Agent sleepy = agent(t, "sleepy", "{}", "agent_noanswer.xml", 0);
        Agent eager = agent(t, "eager", "{}", "agent.xml", 100);
        ready(sleepy);
        // two callers, one second apart: the first rings the sleepy agent, the second waits behind it
        Sipp callers = customer("rna-calls", "customer.xml", did, 500, "-m", "2", "-l", "2", "-r", "1");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode s = op("GET", "/tenants/" + t + "/agents/" + sleepy.userId(), null).json;
            return "NOT_READY".equals(s.get("state").asText()) && "missed".equals(s.get("reason").asText());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> op("GET", "/tenants/" + t + "/queues/stats", null).json.get(0).get("waiting").asInt() == 2);
        ready(eager);
        callers.assertSucceeded(CALL_WAIT);
        JsonNode cdrs = awaitCdrs(t, 2);
        JsonNode first = cdrs.get(1); // oldest
        JsonNode second = cdrs.get(0);
        // the call that rang the sleepy agent kept its place: it was answered first
        assertTrue(first.get("answeredAt").asText().compareTo(second.get("answeredAt").asText()) < 0);
        assertEquals(eager.userId(), first.get("agentUserId").asText());
        assertEquals(eager.userId(), second.get("agentUserId").asText());
        JsonNode legs = first.get("legs");
        assertEquals(3, legs.size());
        assertEquals("sleepy@" + t, legs.get(1).get("party").asText());
        assertEquals("NO_ANSWER", legs.get(1).get("result").asText());
        assertEquals("ANSWERED", legs.get(2).get("result").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> sleepy.phone().successful() == 1);
    }

    @Test
    public void blindTransferToAnotherAgentKeepsTheCallAndItsData() {
        String t = createTenant("blind", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":5}");
        Agent first = agent(t, "first", "{}", "agent.xml", 100);
        Agent second = agent(t, "second", "{}", "agent.xml", 100);
        ready(first);
        Sipp caller = customer("blind-call", "customer_transfer.xml", did, 1500, "-m", "1");
        String callId = awaitTalking(t, first);
        // a transfer that cannot work is refused before anything changes on the call
        Answer toSelf = op("POST", "/tenants/" + t + "/calls/" + callId + "/transfer", "{\"agentUserId\":\"" + first.userId() + "\"}");
        assertEquals(toSelf.toString(), 400, toSelf.status);
        Answer twoTargets = op("POST", "/tenants/" + t + "/calls/" + callId + "/transfer", "{\"agentUserId\":\"" + second.userId() + "\",\"queue\":\"sales\"}");
        assertEquals(400, twoTargets.status);
        assertEquals("TALKING", op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("state").asText());
        Answer transfer = op("POST", "/tenants/" + t + "/calls/" + callId + "/transfer", "{\"agentUserId\":\"" + second.userId() + "\"}");
        assertEquals(transfer.toString(), 200, transfer.status);
        assertEquals(callId, transfer.json.get("id").asText());
        // the agent who transferred no longer controls the call
        assertEquals(403, send(first.login(), PASSWORD, "POST", "/tenants/" + t + "/calls/" + callId + "/hangup", null).status);
        caller.assertSucceeded(CALL_WAIT);
        JsonNode cdrs = awaitCdrs(t, 1);
        JsonNode cdr = cdrs.get(0);
        assertEquals(callId, cdr.get("id").asText());
        assertEquals(1, cdr.get("transfers").asInt());
        assertEquals(second.userId(), cdr.get("agentUserId").asText());
        assertEquals(List.of("CUSTOMER", "AGENT", "AGENT"), kinds(cdr));
        // the first agent went to wrap-up when it left the call; its wrap-up is not the CDR's (the last agent's is)
        JsonNode firstState = op("GET", "/tenants/" + t + "/agents/" + first.userId(), null).json;
        assertTrue(firstState.toString(), List.of("WRAP_UP", "READY").contains(firstState.get("state").asText()));
        // the last agent's wrap-up ends by hand, and the CDR gets its length
        assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + second.userId() + "/state", "{\"state\":\"READY\"}").status);
        await().atMost(Duration.ofSeconds(10)).until(() -> !op("GET", "/tenants/" + t + "/cdrs/" + callId, null).json.get("wrapUpMs").isNull());
    }

    @Test
    public void holdAndResumeReinviteTheCustomerAndCountHoldTime() {
        String t = createTenant("hold", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent agent = agent(t, "holder", "{}", "agent.xml", 100);
        ready(agent);
        // the customer accepts two re-INVITEs (hold, then resume) and hangs up 1 s after the second
        Sipp caller = customer("hold-call", "customer_attended.xml", did, 1000, "-m", "1");
        String callId = awaitTalking(t, agent);
        Answer hold = op("POST", "/tenants/" + t + "/calls/" + callId + "/hold", null);
        assertEquals(hold.toString(), 200, hold.status);
        assertEquals("HELD", hold.json.get("state").asText());
        assertEquals(409, op("POST", "/tenants/" + t + "/calls/" + callId + "/hold", null).status);
        // the hold lasts until the resume; polled, so the hold time is at least the poll
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
            .until(() -> "HELD".equals(op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("state").asText()));
        Answer resume = op("POST", "/tenants/" + t + "/calls/" + callId + "/resume", null);
        assertEquals(resume.toString(), 200, resume.status);
        assertEquals("TALKING", resume.json.get("state").asText());
        caller.assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertTrue(cdr.toString(), cdr.get("holdMs").asLong() >= 800);
        assertTrue(cdr.toString(), cdr.get("holdMs").asLong() < cdr.get("talkMs").asLong());
    }

    @Test
    public void anExpiredRegistrationTakesTheAgentOutOfRoutingUntilItRegistersAgain() {
        String t = createTenant("expiry", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent agent = agent(t, "shortreg", "{}", "agent.xml", 100);
        // re-register with a 2 s expiry and let it lapse
        register("short", "register.xml", agent.sipUser(), agent.password(), agent.port(), "127.0.0.1", "2").assertSucceeded(Duration.ofSeconds(15));
        ready(agent);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode s = op("GET", "/tenants/" + t + "/agents/" + agent.userId(), null).json;
            return !s.get("registered").asBoolean() && "NOT_READY".equals(s.get("state").asText()) && "unregistered".equals(s.get("reason").asText());
        });
        // registered again, ready again, and calls reach it
        register("again", "register.xml", agent.sipUser(), agent.password(), agent.port(), "127.0.0.1", "300").assertSucceeded(Duration.ofSeconds(15));
        assertTrue(op("GET", "/tenants/" + t + "/agents/" + agent.userId(), null).json.get("registered").asBoolean());
        ready(agent);
        customer("after-reregister", "customer.xml", did, 300, "-m", "1").assertSucceeded(CALL_WAIT);
        assertEquals(agent.userId(), awaitCdrs(t, 1).get(0).get("agentUserId").asText());
    }

    @Test
    public void attendedTransferConsultsThenHandsOver() {
        String t = createTenant("attnd", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent first = agent(t, "first", "{}", "agent_reinvite.xml", 100);
        Agent expert = agent(t, "expert", "{}", "agent_reinvite.xml", 100);
        ready(first);
        Sipp caller = customer("attended-call", "customer_attended.xml", did, 1000, "-m", "1");
        String callId = awaitTalking(t, first);
        Answer consult = op("POST", "/tenants/" + t + "/calls/" + callId + "/consult", "{\"agentUserId\":\"" + expert.userId() + "\"}");
        assertEquals(consult.toString(), 200, consult.status);
        assertEquals("CONSULTING", consult.json.get("state").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> "ON_CALL".equals(
            op("GET", "/tenants/" + t + "/agents/" + expert.userId(), null).json.get("state").asText()));
        Answer done = op("POST", "/tenants/" + t + "/calls/" + callId + "/complete-transfer", null);
        assertEquals(done.toString(), 200, done.status);
        assertEquals("TALKING", done.json.get("state").asText());
        assertEquals(expert.userId(), done.json.get("agentUserId").asText());
        caller.assertSucceeded(CALL_WAIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.phone().successful() == 1 && expert.phone().successful() == 1);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals(1, cdr.get("transfers").asInt());
        assertEquals(expert.userId(), cdr.get("agentUserId").asText());
        assertTrue("the customer was on hold during the consultation", cdr.get("holdMs").asLong() > 0);
        assertEquals(List.of("CUSTOMER", "AGENT", "CONSULT"), kinds(cdr));
    }

    @Test
    public void outboundOriginationCallsThroughTheTrunkAndBridgesToTheAgent() {
        String t = createTenant("outb", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent agent = agent(t, "dialer", "{}", "agent.xml", 100);
        ready(agent);
        Sipp callee = Sipp.start("callee", sipPort(), "trunk_callee.xml", "-p", Integer.toString(trunkPort), "-d", "200", "-m", "1");
        processes.add(callee);
        Answer call = op("POST", "/tenants/" + t + "/calls", "{\"number\":\"+86 139-0000-1234\",\"target\":{\"agentUserId\":\""
            + agent.userId() + "\"},\"data\":{\"customer\":\"张三\",\"orderNo\":\"A-1001\"}}");
        assertEquals(call.toString(), 201, call.status);
        String callId = call.json.get("id").asText();
        assertEquals("OUTBOUND", call.json.get("direction").asText());
        assertEquals(did, call.json.get("from").asText());
        await().atMost(Duration.ofSeconds(15)).until(() -> "TALKING".equals(op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("state").asText()));
        assertEquals("张三", op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("data").get("customer").asText());
        assertEquals(204, op("POST", "/tenants/" + t + "/calls/" + callId + "/hangup", null).status);
        callee.assertSucceeded(CALL_WAIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.phone().successful() == 1);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals("OUTBOUND", cdr.get("direction").asText());
        assertEquals("ANSWERED", cdr.get("disposition").asText());
        assertEquals("8613900001234", cdr.get("to").asText());
        assertEquals(agent.userId(), cdr.get("agentUserId").asText());
        assertEquals("hangup_request", cdr.get("hangupCause").asText());
        // a caller id that is not the tenant's is refused
        Answer bad = op("POST", "/tenants/" + t + "/calls", "{\"number\":\"13900001234\",\"callerId\":\"4000000000\",\"target\":{\"agentUserId\":\""
            + agent.userId() + "\"}}");
        assertEquals(400, bad.status);
        assertEquals("callerId", bad.json.get("field").asText());
    }

    @Test
    public void unknownDidIs404ForeignSourceIs403AndMalformedSipNeverStopsTheNode() throws Exception {
        String t = createTenant("bad", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        assertEquals(404, sipStatus("127.0.0.1", invite("99999999999")));
        assertEquals(403, sipStatus("127.0.0.2", invite(did)));
        assertEquals("an INVITE without an SDP offer is refused clearly", 488, sipStatus("127.0.0.1", invite(did)));
        assertEquals(200, sipStatus("127.0.0.1", ("OPTIONS sip:" + did + "@127.0.0.1 SIP/2.0\r\n" + headers("OPTIONS") + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
        // garbage, a request without Call-ID, a lying Content-Length, an oversized message: 400 or dropped, never a crash
        sendOnly(new byte[] {0, 1, 2, 3, (byte) 0xff, 'S', 'I', 'P', '\r', '\n'});
        String noCallId = "INVITE sip:" + did + "@127.0.0.1 SIP/2.0\r\n" + headers("INVITE").replaceAll("Call-ID: [^\r]*\r\n", "") + "Content-Length: 0\r\n\r\n";
        int s1 = sipStatusOrZero("127.0.0.1", noCallId.getBytes(StandardCharsets.UTF_8));
        assertTrue("missing Call-ID: " + s1, s1 == 0 || s1 == 400);
        String badLength = "INVITE sip:" + did + "@127.0.0.1 SIP/2.0\r\n" + headers("INVITE") + "Content-Length: 5000\r\n\r\nv=0\r\n";
        int s2 = sipStatusOrZero("127.0.0.1", badLength.getBytes(StandardCharsets.UTF_8));
        assertTrue("bad Content-Length: " + s2, s2 == 0 || s2 == 400);
        String big = "INVITE sip:" + did + "@127.0.0.1 SIP/2.0\r\n" + headers("INVITE") + "X-Padding: " + "x".repeat(60_000) + "\r\nContent-Length: 0\r\n\r\n";
        int s3 = sipStatusOrZero("127.0.0.1", big.getBytes(StandardCharsets.UTF_8));
        assertTrue("oversized: " + s3, s3 == 0 || (s3 >= 400 && s3 < 500) || s3 == 513);
        for (int i = 0; i < 200; i++) {
            sendOnly(("REGISTER garbage " + i + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        }
        // and the node still serves calls
        Agent agent = agent(t, "still", "{}", "agent.xml", 100);
        ready(agent);
        customer("after-garbage", "customer.xml", did, 300, "-m", "2", "-l", "1").assertSucceeded(CALL_WAIT);
        assertEquals(2, awaitCdrs(t, 2).size());
    }

    @Test
    public void sipNamesLiveInTheTenantsNamespaceSoNoTenantCanTakeOrProbeAnothersName() {
        String a = createTenant("sipa", 2, 0);
        String b = createTenant("sipb", 2, 0);
        String ua = createUser(a, "li", "[\"agent\"]");
        String ub = createUser(b, "li", "[\"agent\"]");
        String ub2 = createUser(b, "wang", "[\"agent\"]");
        Answer pa = op("PUT", "/tenants/" + a + "/agents/" + ua + "/profile", "{\"sipUser\":\"1001\",\"sipPassword\":\"Sip-pass-1001\",\"skills\":{}}");
        assertEquals(pa.toString(), a + ".1001", pa.json.get("sipUser").asText());
        // the same short name in another tenant is another identity: no "already in use", nothing learnt
        Answer pb = op("PUT", "/tenants/" + b + "/agents/" + ub + "/profile", "{\"sipUser\":\"1001\",\"sipPassword\":\"Sip-pass-1001\",\"skills\":{}}");
        assertEquals(pb.toString(), b + ".1001", pb.json.get("sipUser").asText());
        // A's full name asked for by B lands in B's namespace, not on A's identity
        Answer squat = op("PUT", "/tenants/" + b + "/agents/" + ub2 + "/profile", "{\"sipUser\":\"" + a + ".1001\",\"sipPassword\":\"Sip-pass-x\",\"skills\":{}}");
        assertEquals(squat.toString(), 200, squat.status);
        assertEquals(b + "." + a + ".1001", squat.json.get("sipUser").asText());
        assertEquals(a + ".1001", op("GET", "/tenants/" + a + "/agents/" + ua + "/profile", null).json.get("sipUser").asText());
        // within a tenant a name is still one agent's
        Answer twice = op("PUT", "/tenants/" + b + "/agents/" + ub2 + "/profile", "{\"sipUser\":\"1001\",\"sipPassword\":\"Sip-pass-y\",\"skills\":{}}");
        assertEquals(twice.toString(), 409, twice.status);
        assertEquals("sip_user_taken", twice.code());
    }

    @Test
    public void wrongCredentialsAreRefusedAndRepeatedFailuresBlockTheAddress() throws Exception {
        String t = createTenant("auth", 5, 0);
        String userId = createUser(t, "guard", "[\"agent\"]");
        String sipUser = t + ".guard";
        assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + userId + "/profile",
            "{\"sipUser\":\"" + sipUser + "\",\"sipPassword\":\"Right-pass-1\",\"skills\":{}}").status);
        // no registered phone: no seat
        Answer early = op("POST", "/tenants/" + t + "/agents/" + userId + "/login", "{}");
        assertEquals(409, early.status);
        assertEquals("phone_not_registered", early.code());
        int port = freeUdpPort();
        for (int i = 0; i < 5; i++) {
            register("bad-" + i, "register_refused.xml", sipUser, "wrong-pass", port, "127.0.0.3").assertSucceeded(Duration.ofSeconds(15));
        }
        // the address is now refused even with the right password, without a challenge
        register("blocked", "register_blocked.xml", sipUser, "Right-pass-1", port, "127.0.0.3").assertSucceeded(Duration.ofSeconds(15));
        // another address is not affected
        register("good", "register.xml", sipUser, "Right-pass-1", port, "127.0.0.1").assertSucceeded(Duration.ofSeconds(15));
        assertTrue(op("GET", "/tenants/" + t + "/agents/" + userId, null).json.get("registered").asBoolean());
        // an unknown SIP user is refused like a wrong password
        register("unknown", "register_refused.xml", "nobody." + t, "whatever-1", freeUdpPort(), "127.0.0.4").assertSucceeded(Duration.ofSeconds(15));
        // a REGISTER captured on the wire and sent again (new transaction, same digest) is challenged afresh, not accepted
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.5"))) {
            socket.setSoTimeout(3000);
            String challenge = exchange(socket, rawRegister(socket, sipUser, 1, null));
            assertTrue(challenge, challenge.startsWith("SIP/2.0 401"));
            String nonce = challenge.replaceAll("(?s).*nonce=\"([^\"]+)\".*", "$1");
            String authorization = "Authorization: Digest username=\"" + sipUser + "\",realm=\"seatline\",nonce=\"" + nonce
                + "\",uri=\"sip:127.0.0.1:" + sipPort() + "\",response=\"" + md5(md5(sipUser + ":seatline:Right-pass-1") + ":" + nonce + ":"
                + md5("REGISTER:sip:127.0.0.1:" + sipPort())) + "\",algorithm=MD5\r\n";
            assertTrue(exchange(socket, rawRegister(socket, sipUser, 2, authorization)).startsWith("SIP/2.0 200"));
            String replay = exchange(socket, rawRegister(socket, sipUser, 3, authorization));
            assertTrue(replay, replay.startsWith("SIP/2.0 401") && replay.toLowerCase(java.util.Locale.ROOT).contains("stale=true"));
        }
        // and a phone may not register a trunk's peer address as its contact
        Answer atTrunk = op("PUT", "/tenants/" + t + "/agents/" + userId + "/profile",
            "{\"staticContact\":\"sip:guard@127.0.0.1:" + trunkPort + "\"}");
        assertEquals(atTrunk.toString(), 400, atTrunk.status);
        assertEquals("staticContact", atTrunk.json.get("field").asText());
    }

    private String rawRegister(DatagramSocket socket, String sipUser, int cseq, String authorization) {
        String local = "127.0.0.5:" + socket.getLocalPort();
        return "REGISTER sip:127.0.0.1:" + sipPort() + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + local + ";rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
            + "From: <sip:" + sipUser + "@127.0.0.1>;tag=replay\r\n"
            + "To: <sip:" + sipUser + "@127.0.0.1>\r\n"
            + "Call-ID: replay-" + sipUser + "@it\r\n"
            + "CSeq: " + cseq + " REGISTER\r\n"
            + "Contact: <sip:" + sipUser + "@" + local + ">\r\n"
            + (authorization == null ? "" : authorization)
            + "Expires: 300\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private String exchange(DatagramSocket socket, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort()));
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static String md5(String s) {
        try {
            StringBuilder hex = new StringBuilder();
            for (byte b : java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void routingPluginHotDeploysAndIsUsedOnlyByItsTenant() throws Exception {
        // acme's queue names the plug-in strategy; another tenant's queue names it too but must not get it
        String didAcme = queueWithDid("acme", "vip-" + ThreadLocalRandom.current().nextInt(1000, 9999), "{\"strategy\":\"alphabetical\",\"wrapUpSeconds\":0}");
        String other = createTenant("plug", 5, 0);
        String didOther = queueWithDid(other, "vip", "{\"strategy\":\"alphabetical\",\"wrapUpSeconds\":0}");
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1000, 9999));
        Agent zed = agent("acme", "zed" + suffix, "{}", "agent.xml", 100);
        Agent amy = agent("acme", "amy" + suffix, "{}", "agent.xml", 100);
        Agent zedOther = agent(other, "zed", "{}", "agent.xml", 100);
        Agent amyOther = agent(other, "amy", "{}", "agent.xml", 100);
        ready(zed);
        ready(amy);
        ready(zedOther);
        ready(amyOther);

        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "seatline-routing-example.jar");
        Files.copy(Paths.get(System.getProperty("seatline.it.routingJar")), deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> routingPlugins() == 1);
            // the plug-in picks amy (alphabetical) although zed has waited longer
            customer("plugin-acme", "customer.xml", didAcme, 200, "-m", "1").assertSucceeded(CALL_WAIT);
            assertEquals(amy.userId(), lastCdr("acme", queueOfDid(didAcme)).get("agentUserId").asText());
            // the other tenant names the same strategy but gets longest-idle: zed
            customer("plugin-other", "customer.xml", didOther, 200, "-m", "1").assertSucceeded(CALL_WAIT);
            assertEquals(zedOther.userId(), awaitCdrs(other, 1).get(0).get("agentUserId").asText());
        } finally {
            Files.deleteIfExists(deployed);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> routingPlugins() == 0);
        // removed: acme falls back to longest-idle, which is zed now (amy just took a call)
        customer("plugin-gone", "customer.xml", didAcme, 200, "-m", "1").assertSucceeded(CALL_WAIT);
        await().atMost(Duration.ofSeconds(10)).until(() -> zed.userId().equals(lastCdr("acme", queueOfDid(didAcme)).get("agentUserId").asText()));
    }

    private int routingPlugins() throws Exception {
        ServiceReference<?>[] refs = bundleContext.getServiceReferences("io.seatline.spi.RoutingStrategy", "(tenant.id=acme)");
        return refs == null ? 0 : refs.length;
    }

    private JsonNode lastCdr(String tenant, String queue) {
        await().atMost(Duration.ofSeconds(10)).until(() -> op("GET", "/tenants/" + tenant + "/cdrs?limit=1&queue=" + queue, null).json.get("items").size() > 0);
        return op("GET", "/tenants/" + tenant + "/cdrs?limit=1&queue=" + queue, null).json.get("items").get(0);
    }

    @Test
    public void realtimeFiguresAndPushChannelAreTenantIsolated() throws Exception {
        String a = createTenant("rta", 5, 0);
        String b = createTenant("rtb", 5, 0);
        queueWithDid(a, "sales", "{}");
        queueWithDid(b, "sales", "{}");
        Agent agentA = agent(a, "ann", "{}", "agent.xml", 100);
        Agent agentB = agent(b, "ben", "{}", "agent.xml", 100);
        createUser(a, "sup", "[\"supervisor\"]");
        createUser(b, "sup", "[\"supervisor\"]");
        assertEquals(403, sendRequest(streamRequest(a, "sup@" + b)).status);

        EventStream stream = openStream("/tenants/" + a + "/realtime/stream", "sup@" + a);
        List<String> lines = stream.lines();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream().anyMatch(l -> l.equals("event: snapshot")));
            ready(agentB);
            ready(agentA);
            await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains(agentA.userId()) && l.contains("\"READY\"")));
            assertFalse("tenant A's stream must never carry tenant B's events",
                lines.stream().anyMatch(l -> l.contains(agentB.userId()) || l.contains("\"" + b + "\"")));
        } finally {
            stream.close();
        }
        JsonNode snapshot = get("sup@" + a, PASSWORD, "/tenants/" + a + "/realtime").json;
        assertEquals(1, snapshot.get("agents").size());
        assertEquals("READY", snapshot.get("agents").get(0).get("state").asText());
        assertEquals(1, snapshot.get("queues").get(0).get("agentsReady").asInt());
    }

    @Test
    public void badTelephonyInputGetsClearErrors() {
        String t = createTenant("badin", 5, 0);
        Answer level = op("PUT", "/tenants/" + t + "/queues/q1", "{\"requiredSkills\":{\"sales\":11}}");
        assertEquals(400, level.status);
        assertEquals("requiredSkills", level.json.get("field").asText());
        Answer name = op("PUT", "/tenants/" + t + "/queues/Bad%20Name", "{}");
        assertEquals(400, name.status);
        Answer overflow = op("PUT", "/tenants/" + t + "/queues/q2", "{\"overflowQueue\":\"nope\"}");
        assertEquals(400, overflow.status);
        assertEquals("overflowQueue", overflow.json.get("field").asText());
        Answer source = op("POST", "/trunks", "{\"name\":\"x" + t + "\",\"host\":\"10.0.0.1\",\"allowedSources\":[\"not-an-ip\"]}");
        assertEquals(400, source.status);
        assertEquals("allowedSources", source.json.get("field").asText());
        Answer didQueue = op("PUT", "/dids/7" + ThreadLocalRandom.current().nextLong(100000000L, 999999999L), "{\"tenantId\":\"" + t + "\",\"queue\":\"missing\"}");
        assertEquals(400, didQueue.status);
        String u = createUser(t, "sam", "[\"agent\"]");
        Answer noPassword = op("PUT", "/tenants/" + t + "/agents/" + u + "/profile", "{\"sipUser\":\"" + t + ".sam\"}");
        assertEquals(400, noPassword.status);
        assertEquals("sipPassword", noPassword.json.get("field").asText());
        Answer reason = op("PUT", "/tenants/" + t + "/reason-codes", "[{\"code\":\"missed\",\"label\":\"x\"}]");
        assertEquals(400, reason.status);
        assertEquals("reserved_reason_code", reason.code());
        assertEquals("the refused row's field", "codes[0].code", reason.json.get("field").asText());
        Answer own = op("PUT", "/tenants/" + t + "/reason-codes", "[{\"code\":\"toilet\",\"label\":\"洗手间\"}]");
        assertEquals(own.toString(), 200, own.status);
        assertTrue(own.body.contains("洗手间") && own.body.contains("missed"));
        assertEquals(404, op("POST", "/tenants/" + t + "/calls/nope/hangup", null).status);
        // a tenant admin cannot touch trunks or DIDs
        createUser(t, "admin", "[\"tenant-admin\"]");
        assertEquals(403, get("admin@" + t, PASSWORD, "/trunks").status);
        assertEquals(403, send("admin@" + t, PASSWORD, "PUT", "/dids/123456", "{\"tenantId\":\"" + t + "\"}").status);
        // SIP users live in their tenant's namespace: another tenant asking for this one's name gets its own
        String other = createTenant("badin2", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + t + "/agents/" + u + "/profile", "{\"sipUser\":\"" + t + ".sam\",\"sipPassword\":\"Sam-pass-01\"}").status);
        String u2 = createUser(other, "sam", "[\"agent\"]");
        Answer namespaced = op("PUT", "/tenants/" + other + "/agents/" + u2 + "/profile", "{\"sipUser\":\"" + t + ".sam\",\"sipPassword\":\"Sam-pass-02\"}");
        assertEquals(namespaced.toString(), 200, namespaced.status);
        assertEquals(other + "." + t + ".sam", namespaced.json.get("sipUser").asText());
        // another tenant's user cannot get a profile here
        assertEquals(404, op("PUT", "/tenants/" + t + "/agents/" + u2 + "/profile", "{\"sipUser\":\"zz." + t + "\",\"sipPassword\":\"Sam-pass-03\"}").status);
    }

    // ================================================================= fixtures

    private HttpRequest streamRequest(String tenant, String login) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + "/tenants/" + tenant + "/realtime/stream"))
            .header("Authorization", basicAuth(login, PASSWORD))
            .header("Accept", "text/event-stream").build();
    }

    /** Creates {@code queue} in {@code tenant} (JSON spec) and a fresh DID entering it; returns the DID. */

    // ================================================================= media (issue 4)

    @Test
    public void callIsRecordedWithTheCallsDurationAndOnlyItsTenantCanGetIt() throws Exception {
        String t = createTenant("rec", 5, 0);
        String other = createTenant("recb", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent agent = agent(t, "taper", "{}", "agent.xml", 100);
        ready(agent);
        Sipp caller = customer("rec-call", "customer_media.xml", did, 4000, "-m", "1");
        caller.assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertTrue(cdr.toString(), cdr.hasNonNull("recordingId"));
        String recId = cdr.get("recordingId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + t + "/recordings", null).json.size() == 1);
        JsonNode rec = op("GET", "/tenants/" + t + "/recordings/" + recId, null).json;
        assertEquals(cdr.get("id").asText(), rec.get("callId").asText());
        assertEquals(agent.userId(), rec.get("agentUserId").asText());
        assertEquals(2, rec.get("channels").asInt());
        // the WAV read back: its duration is the call's talk time (± 0.5 s) and the customer's channel is not silent
        byte[] wav = audio(OPERATOR, OPERATOR_PASSWORD, "/tenants/" + t + "/recordings/" + recId + "/audio", null, 200);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(2, b.getShort(22));
        assertEquals(8000, b.getInt(24));
        int dataBytes = b.getInt(40);
        assertEquals(wav.length - 44, dataBytes);
        long wavMs = dataBytes / 4L / 8L;
        long talkMs = cdr.get("talkMs").asLong();
        assertTrue("wav " + wavMs + " ms, talk " + talkMs + " ms", Math.abs(wavMs - talkMs) <= 500);
        long loudLeft = 0;
        for (int i = 44; i + 3 < wav.length; i += 4) {
            if (Math.abs(b.getShort(i)) > 500) {
                loudLeft++;
            }
        }
        assertTrue("customer channel is silent", loudLeft > 4000);
        // HTTP Range: the first 44 bytes are the header
        byte[] head = audio(OPERATOR, OPERATOR_PASSWORD, "/tenants/" + t + "/recordings/" + recId + "/audio", "bytes=0-43", 206);
        assertEquals(44, head.length);
        // listening is audited once: the requests from the first byte (the whole file, then bytes=0-43) within a minute
        // are one listening, and a seek is none
        String plays = "/tenants/" + t + "/audit?action=recording.play&limit=500";
        JsonNode played = op("GET", plays, null).json;
        assertEquals(played.toString(), 1, played.get("total").asLong());
        assertEquals(recId, played.get("items").get(0).get("target").asText());
        assertEquals(OPERATOR, played.get("items").get(0).get("actor").asText());
        // another listener: a seek alone is no listening; opening it is
        createUser(t, "listener", "[\"tenant-admin\"]");
        audio("listener@" + t, PASSWORD, "/tenants/" + t + "/recordings/" + recId + "/audio", "bytes=100-199", 206);
        assertEquals(1, op("GET", plays, null).json.get("total").asLong());
        audio("listener@" + t, PASSWORD, "/tenants/" + t + "/recordings/" + recId + "/audio", "bytes=0-", 206);
        JsonNode twice = op("GET", plays, null).json;
        assertEquals(twice.toString(), 2, twice.get("total").asLong());
        assertEquals("listener@" + t, twice.get("items").get(0).get("actor").asText());
        // isolation: another tenant's admin cannot list, read or download it
        createUser(other, "snoop", "[\"tenant-admin\"]");
        assertEquals(403, get("snoop@" + other, PASSWORD, "/tenants/" + t + "/recordings").status);
        assertEquals(404, get("snoop@" + other, PASSWORD, "/tenants/" + other + "/recordings/" + recId).status);
        assertEquals(404, get("snoop@" + other, PASSWORD, "/tenants/" + other + "/recordings/" + recId + "/audio").status);
        assertEquals(0, get("snoop@" + other, PASSWORD, "/tenants/" + other + "/recordings").json.size());
        assertEquals(404, delete("snoop@" + other, PASSWORD, "/tenants/" + other + "/recordings/" + recId).status);
        // deleted: the file and its row go, the call's record stays and says the recording was deleted
        assertEquals(204, op("DELETE", "/tenants/" + t + "/recordings/" + recId, null).status);
        assertEquals(404, op("GET", "/tenants/" + t + "/recordings/" + recId, null).status);
        JsonNode after = op("GET", "/tenants/" + t + "/cdrs/" + cdr.get("id").asText(), null).json;
        assertTrue(after.toString(), after.get("recordingId").isNull());
        assertEquals("DELETED", after.get("recordingStatus").asText());
        // the relay released every port of the call
        await().atMost(Duration.ofSeconds(10)).until(() -> op("GET", "/telephony/status", null).json.get("media").get("portsOpen").asInt() == 0);
        assertTrue(op("GET", "/telephony/status", null).json.get("media").get("packetsIn").asLong() > 100);
    }

    @Test
    public void ivrKeyReachesItsQueueByDayAndNightServiceTakesAVoicemail() throws Exception {
        String t = createTenant("ivr", 5, 0);
        String did = queueWithDid(t, "operator", "{\"wrapUpSeconds\":0}");
        assertEquals(200, op("PUT", "/tenants/" + t + "/queues/consult", "{\"wrapUpSeconds\":0}").status);
        assertEquals(200, op("PUT", "/tenants/" + t + "/calendar",
            "{\"timezone\":\"Asia/Shanghai\",\"weekly\":{\"MON\":[\"09:00-18:00\"],\"TUE\":[\"09:00-18:00\"],\"WED\":[\"09:00-18:00\"]},\"holidays\":[]}").status);
        String menu = "{\"start\":\"hours\",\"nodes\":{"
            + "\"hours\":{\"type\":\"hours\",\"open\":\"main\",\"closed\":\"night\"},"
            + "\"main\":{\"type\":\"menu\",\"prompt\":\"beep\",\"timeoutSeconds\":8,\"options\":{\"1\":\"operator\",\"2\":\"consult\"},\"fallback\":\"operator\"},"
            + "\"consult\":{\"type\":\"queue\",\"queue\":\"consult\"},"
            + "\"operator\":{\"type\":\"queue\",\"queue\":\"operator\"},"
            + "\"night\":{\"type\":\"voicemail\",\"prompt\":\"beep\",\"mailbox\":\"night\",\"maxSeconds\":30}}}";
        // bad trees are refused with the path of the problem
        Answer dangling = op("PUT", "/tenants/" + t + "/ivr/bad", menu.replace("\"2\":\"consult\"", "\"2\":\"nowhere\""));
        assertEquals(dangling.toString(), 400, dangling.status);
        assertEquals("nodes.main.options.2", dangling.json.get("field").asText());
        Answer cycle = op("PUT", "/tenants/" + t + "/ivr/loop", "{\"start\":\"a\",\"nodes\":{\"a\":{\"type\":\"play\",\"prompt\":\"beep\",\"next\":\"b\"},"
            + "\"b\":{\"type\":\"hours\",\"open\":\"a\",\"closed\":\"a\"}}}");
        assertEquals(cycle.toString(), 400, cycle.status);
        assertEquals("cycle_without_input", cycle.json.get("code").asText());
        Answer saved = op("PUT", "/tenants/" + t + "/ivr/hotline", menu);
        assertEquals(saved.toString(), 200, saved.status);
        assertEquals(200, op("PUT", "/tenants/" + t + "/dids/" + did, "{\"ivr\":\"hotline\",\"queue\":\"operator\"}").status);
        Agent agent = agent(t, "consultant", "{}", "agent.xml", 100);
        ready(agent);

        // day (a Wednesday, 10:00 in Shanghai): key 2 reaches the consult queue's agent
        ServiceRegistration<java.time.Clock> clock = bundleContext.registerService(java.time.Clock.class,
            java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T02:00:00Z"), java.time.ZoneOffset.UTC),
            new java.util.Hashtable<>(java.util.Map.of("seatline.clock", "true")));
        try {
            customer("ivr-day", "customer_ivr.xml", did, 2000, "-m", "1").assertSucceeded(CALL_WAIT);
            JsonNode cdr = awaitCdrs(t, 1).get(0);
            assertEquals(cdr.toString(), "consult", cdr.get("queue").asText());
            assertEquals(agent.userId(), cdr.get("agentUserId").asText());
            assertTrue(cdr.toString(), cdr.get("ivrPath").asText().contains("hotline:main>hotline:consult"));
        } finally {
            clock.unregister();
        }
        // night (a Sunday, 03:00 in Shanghai): the caller leaves a voicemail the tenant can list and play
        clock = bundleContext.registerService(java.time.Clock.class,
            java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T19:00:00Z"), java.time.ZoneOffset.UTC),
            new java.util.Hashtable<>(java.util.Map.of("seatline.clock", "true")));
        try {
            customer("ivr-night", "customer_media.xml", did, 4000, "-m", "1").assertSucceeded(CALL_WAIT);
            JsonNode cdrs = awaitCdrs(t, 2);
            assertTrue(cdrs.get(0).toString(), cdrs.get(0).get("ivrPath").asText().contains("hotline:night"));
            await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + t + "/recordings?kind=VOICEMAIL", null).json.size() == 1);
            JsonNode vm = op("GET", "/tenants/" + t + "/recordings?kind=VOICEMAIL", null).json.get(0);
            assertEquals("night", vm.get("mailbox").asText());
            assertTrue(vm.toString(), vm.get("durationMs").asLong() > 2000);
            byte[] wav = audio(OPERATOR, OPERATOR_PASSWORD, "/tenants/" + t + "/recordings/" + vm.get("id").asText() + "/audio", null, 200);
            assertEquals(wav.length - 44, vm.get("sizeBytes").asLong() - 44);
        } finally {
            clock.unregister();
        }
        // a tenant provisioned later that has a folder gets the menus of tenants/<id>/ivr when it is created
        String later = unique("ivrfile");
        Path folder = Files.createDirectories(Paths.get(System.getProperty("karaf.base"), "tenants", later, "ivr"));
        Files.writeString(folder.resolve("welcome.json"), "{\"start\":\"hi\",\"nodes\":{\"hi\":{\"type\":\"play\",\"prompt\":"
            + "\"hotline-welcome\",\"next\":\"bye\"},\"bye\":{\"type\":\"hangup\",\"prompt\":\"goodbye\"}}}", StandardCharsets.UTF_8);
        createTenantWithId(later, 1, 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + later + "/ivr/welcome", null).status == 200);
        assertEquals("hi", op("GET", "/tenants/" + later + "/ivr/welcome", null).json.get("start").asText());
    }

    private static final double CUSTOMER_HZ = 500;
    private static final double AGENT_HZ = 1100;
    private static final double SUPERVISOR_HZ = 1900;

    @Test
    public void supervisorMonitorsWhispersAndBargesOnlyInItsOwnTenant() throws Exception {
        String t = createTenant("sup", 5, 0);
        String other = createTenant("supb", 5, 0);
        String did = queueWithDid(t, "care", "{\"wrapUpSeconds\":0}");
        // every party's SDP names a port this test listens on; SIPp sends each party's own tone
        try (Rtp.Ear customer = new Rtp.Ear("customer"); Rtp.Ear agentEar = new Rtp.Ear("agent"); Rtp.Ear supervisor = new Rtp.Ear("supervisor")) {
            Agent agent = phone(t, "ann", "[\"agent\"]", "{}", toneScenario("agent_tone.xml", AGENT_HZ), 100, true,
                "-key", "rtp_in", Integer.toString(agentEar.port()));
            Agent sup = phone(t, "sue", "[\"agent\",\"supervisor\"]", "{}", toneScenario("agent_tone.xml", SUPERVISOR_HZ), 100, false,
                "-key", "rtp_in", Integer.toString(supervisor.port()));
            strictRtp(agent);
            strictRtp(sup);
            ready(agent);
            Sipp caller = customer("sup-call", toneScenario("customer_tone.xml", CUSTOMER_HZ), did, 45_000, "-m", "1",
                "-key", "rtp_in", Integer.toString(customer.port()));
            String callId = awaitTalking(t, agent);
            String supervise = "/tenants/" + t + "/calls/" + callId + "/supervise";
            // the relay carries each side to the other
            hears(agentEar, CUSTOMER_HZ);
            hears(customer, AGENT_HZ);

            // nobody outside the tenant, and no plain agent, can listen in
            createUser(other, "spy", "[\"supervisor\"]");
            assertEquals(403, send("spy@" + other, PASSWORD, "POST", supervise, "{\"mode\":\"MONITOR\"}").status);
            assertEquals(404, send("spy@" + other, PASSWORD, "POST", "/tenants/" + other + "/calls/" + callId + "/supervise",
                "{\"mode\":\"MONITOR\"}").status);
            assertEquals(403, send(agent.login(), PASSWORD, "POST", supervise, "{\"mode\":\"MONITOR\"}").status);
            // recording on demand: the agent on the call may, another agent of the tenant may not
            createUser(t, "bob", "[\"agent\"]");
            Answer notHis = send("bob@" + t, PASSWORD, "POST", "/tenants/" + t + "/calls/" + callId + "/recording", "{\"on\":true}");
            assertEquals(notHis.toString(), 403, notHis.status);
            assertEquals("not_your_call", notHis.code());
            // (the tenant records every call: the agent stops it and starts it again)
            assertEquals(204, send(agent.login(), PASSWORD, "POST", "/tenants/" + t + "/calls/" + callId + "/recording", "{\"on\":false}").status);
            assertEquals(204, send(agent.login(), PASSWORD, "POST", "/tenants/" + t + "/calls/" + callId + "/recording", "{\"on\":true}").status);
            assertTrue(partiesOf(t, callId, "SUPERVISOR").isEmpty());
            assertEquals(1, partiesOf(t, callId, "CUSTOMER").size());

            // silent monitor: the supervisor hears both directions, and neither party hears the supervisor
            Answer monitor = send(sup.login(), PASSWORD, "POST", supervise, "{\"mode\":\"MONITOR\"}");
            assertEquals(monitor.toString(), 202, monitor.status);
            await().atMost(Duration.ofSeconds(15)).until(() -> "CONNECTED".equals(supervisorState(t, callId)));
            hears(supervisor, CUSTOMER_HZ, AGENT_HZ);
            hearsNot(agentEar, SUPERVISOR_HZ);
            hearsNot(customer, SUPERVISOR_HZ);
            // nor does the agent see the supervisor on its call
            JsonNode seenByAgent = get(agent.login(), PASSWORD, "/tenants/" + t + "/calls/" + callId).json;
            assertEquals(seenByAgent.toString(), 2, seenByAgent.get("parties").size());
            assertFalse(seenByAgent.toString(), seenByAgent.toString().contains("SUPERVISOR"));

            // whisper: the agent hears the supervisor (and still the customer); the customer does not
            assertEquals(202, send(sup.login(), PASSWORD, "POST", supervise, "{\"mode\":\"WHISPER\"}").status);
            hears(agentEar, SUPERVISOR_HZ, CUSTOMER_HZ);
            hearsNot(customer, SUPERVISOR_HZ);
            hears(supervisor, CUSTOMER_HZ, AGENT_HZ);

            // barge: a three-way call, everyone hears the two others
            assertEquals(202, send(sup.login(), PASSWORD, "POST", supervise, "{\"mode\":\"BARGE\"}").status);
            hears(customer, AGENT_HZ, SUPERVISOR_HZ);
            hears(agentEar, CUSTOMER_HZ, SUPERVISOR_HZ);
            hears(supervisor, CUSTOMER_HZ, AGENT_HZ);
            JsonNode sv = partiesOf(t, callId, "SUPERVISOR").get(0);
            assertEquals("BARGE", sv.get("mode").asText());
            assertEquals(sup.userId(), sv.get("userId").asText());
            assertEquals(3, op("GET", "/tenants/" + t + "/calls/" + callId, null).json.get("parties").size());

            // the supervisor leaves; the call goes on between customer and agent alone
            assertEquals(204, send(sup.login(), PASSWORD, "DELETE", supervise + "/" + sup.userId(), null).status);
            await().atMost(Duration.ofSeconds(10)).until(() -> partiesOf(t, callId, "SUPERVISOR").isEmpty());
            hearsNot(customer, SUPERVISOR_HZ);
            hears(customer, AGENT_HZ);
            caller.assertSucceeded(CALL_WAIT);
            JsonNode cdr = awaitCdrs(t, 1).get(0);
            assertEquals("ANSWERED", cdr.get("disposition").asText());
            assertTrue(cdr.toString(), kinds(cdr).contains("SUPERVISOR"));
            JsonNode audit = op("GET", "/tenants/" + t + "/audit?limit=500", null).json;
            assertTrue("supervision is audited", audit.toString().contains("call.supervise") && audit.toString().contains(callId));
        }
    }

    @Test
    public void surveyScoreIsStoredWithTheCallAndNoKeyIsNoResponse() throws Exception {
        String t = createTenant("csat", 5, 0);
        String did = queueWithDid(t, "care", "{\"wrapUpSeconds\":0,\"survey\":true}");
        // the agent answers, talks 1.5 s and hangs up; the caller stays for the survey and presses 4
        Agent agent = agent(t, "hanna", "{}", "agent_hangup.xml", 1500);
        ready(agent);
        customer("csat-4", "customer_survey.xml", did, 6000, "-m", "1").assertSucceeded(CALL_WAIT);
        JsonNode scored = awaitCdrs(t, 1).get(0);
        assertEquals(scored.toString(), "SCORED", scored.get("csatStatus").asText());
        assertEquals(4, scored.get("csatScore").asInt());
        assertEquals(agent.userId(), scored.get("agentUserId").asText());
        assertEquals("care", scored.get("queue").asText());
        assertEquals("survey_end", scored.get("hangupCause").asText());
        // the agent is free for the next call while the caller rates (wrap-up 0): ready again
        await().atMost(Duration.ofSeconds(10)).until(() -> "READY".equals(op("GET", "/tenants/" + t + "/agents/" + agent.userId(), null).json.get("state").asText()));
        // no key at all: no-response, not a score (the survey waits 5 s after its question, says goodbye, hangs up)
        customer("csat-none", "customer_wait_bye.xml", did, 0, "-m", "1").assertSucceeded(CALL_WAIT);
        JsonNode silent = awaitCdrs(t, 2).get(0);
        assertEquals(silent.toString(), "NO_RESPONSE", silent.get("csatStatus").asText());
        assertTrue(silent.toString(), silent.get("csatScore") == null || silent.get("csatScore").isNull());
        assertEquals(agent.userId(), silent.get("agentUserId").asText());
        // the QA summary: one score of 4 and one no-response, for the agent and the queue alike
        JsonNode csat = op("GET", "/tenants/" + t + "/cdrs/csat", null).json;
        assertEquals(csat.toString(), 2, csat.get("surveyed").asInt());
        assertEquals(1, csat.get("scored").asInt());
        assertEquals(1, csat.get("noResponse").asInt());
        assertEquals(0, new java.math.BigDecimal("4.00").compareTo(csat.get("average").decimalValue()));
        assertEquals(1, csat.get("scores").get("4").asInt());
        assertEquals(agent.userId(), csat.get("byAgent").get(0).get("key").asText());
        assertEquals("care", csat.get("byQueue").get(0).get("key").asText());
        assertEquals(1, csat.get("byQueue").get(0).get("noResponse").asInt());
        // QA of another tenant sees none of it
        String other = createTenant("csatb", 1, 0);
        createUser(other, "qa", "[\"qa\"]");
        assertEquals(403, get("qa@" + other, PASSWORD, "/tenants/" + t + "/cdrs/csat").status);
        assertEquals(0, get("qa@" + other, PASSWORD, "/tenants/" + other + "/cdrs/csat").json.get("surveyed").asInt());
    }

    @Test
    public void aCallWhosePartiesSendNoRtpIsEndedAfterTheTimeout() {
        String t = createTenant("mute", 5, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        Agent agent = agent(t, "silent", "{}", "agent.xml", 100);
        ready(agent);
        // neither side sends RTP nor hangs up: both phones vanished, as far as media can tell
        Sipp caller = customer("mute-call", "customer_wait_bye.xml", did, 0, "-m", "1", "-recv_timeout", "60000");
        caller.assertSucceeded(Duration.ofSeconds(75)); // succeeds only on Seatline's BYE
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals(cdr.toString(), "rtp_timeout", cdr.get("hangupCause").asText());
        assertEquals("ANSWERED", cdr.get("disposition").asText());
        assertTrue(cdr.toString(), cdr.get("talkMs").asLong() >= 20_000);
        // the agent is released for the next call
        await().atMost(Duration.ofSeconds(10)).until(() -> "READY".equals(op("GET", "/tenants/" + t + "/agents/" + agent.userId(), null).json.get("state").asText()));
    }

    @Test
    public void aThousandCallsLeaveNoMediaPortOrFileHandleOpen() throws Exception {
        String t = createTenant("leak", 10, 0);
        String did = queueWithDid(t, "sales", "{\"wrapUpSeconds\":0}");
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            agents.add(agent(t, "leak" + i, "{}", "agent.xml", 0));
        }
        agents.forEach(this::ready);
        java.nio.file.Path fds = java.nio.file.Paths.get("/proc/self/fd"); // this test runs inside Seatline's JVM
        long before;
        try (java.util.stream.Stream<java.nio.file.Path> open = java.nio.file.Files.list(fds)) {
            before = open.count();
        }
        Sipp callers = customer("leak-calls", "customer.xml", did, 0, "-m", "1000", "-l", "6", "-r", "40");
        callers.assertSucceeded(Duration.ofMinutes(5));
        assertEquals(1000, callers.successful());
        await().atMost(Duration.ofSeconds(30)).until(() -> op("GET", "/tenants/" + t + "/cdrs?limit=1", null).json.get("total").asInt() == 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> op("GET", "/telephony/status", null).json.get("media").get("portsOpen").asInt() == 0);
        // every recording file is closed: the JVM holds no more descriptors than before the calls (a little slack for
        // pooled connections and class loading)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (java.util.stream.Stream<java.nio.file.Path> open = java.nio.file.Files.list(fds)) {
                return open.count() <= before + 20;
            }
        });
        assertEquals(100, op("GET", "/tenants/" + t + "/recordings?limit=100", null).json.size());
    }

    private String queueOfDid(String did) {
        for (JsonNode d : op("GET", "/dids", null).json) {
            if (d.get("number").asText().equals(did)) {
                return d.get("queue").asText();
            }
        }
        throw new AssertionError("no DID " + did);
    }


    private List<JsonNode> partiesOf(String tenant, String callId, String kind) {
        JsonNode call = op("GET", "/tenants/" + tenant + "/calls/" + callId, null).json;
        return StreamSupport.stream(call.get("parties").spliterator(), false).filter(p -> kind.equals(p.get("kind").asText())).toList();
    }

    private String supervisorState(String tenant, String callId) {
        List<JsonNode> s = partiesOf(tenant, callId, "SUPERVISOR");
        return s.isEmpty() ? null : s.get(0).get("state").asText();
    }

    private static List<String> kinds(JsonNode cdr) {
        return StreamSupport.stream(cdr.get("legs").spliterator(), false).map(l -> l.get("kind").asText()).collect(Collectors.toList());
    }

    // ================================================================= raw SIP over UDP (for refusals and garbage)

    private static String headers(String method) {
        String tag = Long.toHexString(System.nanoTime());
        return "Via: SIP/2.0/UDP __VIA__;rport;branch=z9hG4bK" + tag + "\r\n"
            + "From: <sip:13800000000@127.0.0.1>;tag=" + tag + "\r\n"
            + "To: <sip:target@127.0.0.1>\r\n"
            + "Call-ID: " + tag + "@it\r\n"
            + "CSeq: 1 " + method + "\r\n"
            + "Contact: <sip:13800000000@__VIA__>\r\n"
            + "Max-Forwards: 70\r\n";
    }

    private static byte[] invite(String number) {
        return ("INVITE sip:" + number + "@127.0.0.1 SIP/2.0\r\n" + headers("INVITE") + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a datagram from {@code fromIp} and returns the first final status code in the answer. */
    private int sipStatus(String fromIp, byte[] message) throws IOException {
        int s = sipStatusOrZero(fromIp, message);
        assertTrue("no SIP answer", s != 0);
        return s;
    }

    private int sipStatusOrZero(String fromIp, byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(fromIp))) {
            socket.setSoTimeout(3000);
            message = new String(message, StandardCharsets.ISO_8859_1).replace("__VIA__", fromIp + ":" + socket.getLocalPort())
                .getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), sipPort()));
            byte[] buf = new byte[65535];
            long deadline = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return 0;
                }
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                int status = Integer.parseInt(text.substring(8, 11));
                if (status >= 200) {
                    return status;
                }
            }
            return 0;
        }
    }

    private void sendOnly(byte[] message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), sipPort()));
        }
    }
}
