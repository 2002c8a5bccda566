package io.seatline.itests;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.After;

/**
 * What the fault drills share: the distribution as a process, a tenant with one queue and a DID, agents registered at
 * one SIPp phone, SIPp customers that log which calls were answered, and reading the CDRs back. Plain JUnit: a drill
 * kills or starves the container, which Pax Exam cannot outlive.
 */
abstract class DrillTestSupport {
    static final int AGENTS = 30;
    static final String TENANT = "drill";
    static final Duration SIPP_END = Duration.ofMinutes(3);

    Distribution dist;
    final List<Sipp> peers = new ArrayList<>();
    private int phonePort;

    @After
    public void stopDrill() throws Exception {
        peers.forEach(Sipp::close);
        if (dist != null) {
            dist.close();
        }
    }

    // ------------------------------------------------------------------ set-up

    /** The tenant (UTC), its queue (2 s wrap-up) with a DID, a trunk customers call in through; returns the DID. */
    String provision() throws Exception {
        dist.call("POST", "/tenants", "{\"id\":\"" + TENANT + "\",\"displayName\":\"演练公司 drill\",\"timezone\":\"UTC\",\"locale\":\"zh-CN\","
            + "\"dedicatedSeats\":" + AGENTS + ",\"sharedSeats\":0}", 201);
        dist.call("POST", "/trunks", "{\"name\":\"drill-carrier\",\"host\":\"127.0.0.1\",\"port\":" + SeatlineTestSupport.freeUdpPort()
            + ",\"allowedSources\":[\"127.0.0.1\"],\"callerId\":\"4000000002\"}", 201);
        dist.call("PUT", "/tenants/" + TENANT + "/queues/sales", "{\"wrapUpSeconds\":2,\"maxWaitSeconds\":120}", 200);
        String did = "8" + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        dist.call("PUT", "/dids/" + did, "{\"tenantId\":\"" + TENANT + "\",\"queue\":\"sales\"}", 200);
        return did;
    }

    /** {@value #AGENTS} agents, each registered at one SIPp phone (ringing 800 ms, answering, talking until the BYE), logged in and READY. */
    List<String> agents() throws Exception {
        phonePort = SeatlineTestSupport.freeUdpPort();
        Sipp phone = Sipp.start("drill-phones", dist.sipPort, "agent.xml", "-p", Integer.toString(phonePort), "-d", "800");
        peers.add(phone);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            String name = String.format("a%02d", i);
            String id = dist.call("POST", "/tenants/" + TENANT + "/users", "{\"username\":\"" + name + "\",\"displayName\":\"坐席 " + name
                + "\",\"roles\":[\"agent\"],\"password\":\"Drill-pass-1\"}", 201).get("id").asText();
            dist.call("PUT", "/tenants/" + TENANT + "/agents/" + id + "/profile", "{\"sipUser\":\"" + TENANT + "." + name + "\",\"sipPassword\":\""
                + "Sip-" + name + "-pass\",\"skills\":{}}", 200);
            ids.add(id);
        }
        register(ids, false);
        return ids;
    }

    /** Registers each agent's SIP user at the one SIPp phone, logs it in (unless {@code seated}: logged in again at start) and makes it READY. */
    void register(List<String> ids, boolean seated) throws Exception {
        for (int i = 1; i <= ids.size(); i++) {
            String name = String.format("a%02d", i);
            String id = ids.get(i - 1);
            String sipUser = TENANT + "." + name;
            String password = "Sip-" + name + "-pass";
            Sipp reg = Sipp.start("drill-reg-" + name, dist.sipPort, "register.xml", "-p", Integer.toString(SeatlineTestSupport.freeUdpPort()),
                "-s", sipUser, "-au", sipUser, "-ap", password, "-set", "contact_port", Integer.toString(phonePort), "-set", "expires", "3600",
                "-m", "1", "-timeout", "15", "-timeout_error");
            peers.add(reg);
            reg.assertSucceeded(Duration.ofSeconds(20));
            if (!seated) {
                dist.call("POST", "/tenants/" + TENANT + "/agents/" + id + "/login", "{}", 200);
            }
            dist.call("PUT", "/tenants/" + TENANT + "/agents/" + id + "/state", "{\"state\":\"READY\"}", 200);
        }
    }

    /** {@code calls} customers at {@code rate} calls/s from {@code prefix}1…, talking 1–4 s; answers logged to {@code log}. */
    Sipp customers(String name, String did, String prefix, Path log, int rate, int calls) {
        Sipp s = Sipp.start("drill-" + name, dist.sipPort, "customer_crash.xml", "-s", did, "-p",
            Integer.toString(SeatlineTestSupport.freeUdpPort()), "-set", "prefix", prefix, "-r", Integer.toString(rate), "-m", Integer.toString(calls), "-l", Integer.toString(calls + 100),
            "-trace_logs", "-log_file", log.toString(), "-timeout", Integer.toString(calls / rate + 150), "-recv_timeout", "20000");
        peers.add(s);
        return s;
    }

    // ------------------------------------------------------------------ reading

    /** Calls waiting, ringing and talking now, and at least {@code cdrs} CDRs (so agents are in wrap-up). */
    boolean inEveryState(int cdrs) throws Exception {
        Set<String> states = new HashSet<>();
        dist.call("GET", "/tenants/" + TENANT + "/calls", null, 200).forEach(c -> states.add(c.get("state").asText()));
        return states.containsAll(List.of("QUEUED", "RINGING", "TALKING"))
            && dist.call("GET", "/tenants/" + TENANT + "/cdrs?limit=1", null, 200).get("total").asInt() >= cdrs;
    }

    List<JsonNode> cdrs() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = dist.call("GET", "/tenants/" + TENANT + "/cdrs?limit=500&offset=" + offset, null, 200);
            page.get("items").forEach(all::add);
            if (all.size() >= page.get("total").asInt() || page.get("items").isEmpty()) {
                return all;
            }
        }
    }

    Set<String> cdrIds() throws Exception {
        Set<String> ids = new HashSet<>();
        cdrs().forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    static Map<String, Integer> perCaller(List<JsonNode> cdrs) {
        Map<String, Integer> m = new HashMap<>();
        cdrs.forEach(c -> m.merge(text(c, "from"), 1, Integer::sum));
        return m;
    }

    /** The callers SIPp saw answered. */
    static Set<String> answered(Path log) throws Exception {
        Set<String> s = new HashSet<>();
        if (!Files.exists(log)) {
            return s;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            int i = line.indexOf("answered ");
            if (i >= 0) {
                s.add(line.substring(i + 9).trim());
            }
        }
        return s;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
