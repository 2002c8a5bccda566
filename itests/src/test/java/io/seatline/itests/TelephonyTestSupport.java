package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.After;

/**
 * What the telephony and dialer suites share: tenants whose calls are released after each test, queues with DIDs,
 * agents with registered SIPp phones, and waiting for CDRs.
 */
public abstract class TelephonyTestSupport extends SeatlineTestSupport {
    protected final List<Sipp> processes = new CopyOnWriteArrayList<>();

    /** An agent with a telephony profile, a SIPp phone and a registration. */
    record Agent(String tenant, String userId, String login, String sipUser, String password, Sipp phone, int port) {
    }

    /** tenants this test created: their calls are released after it, so a failed test leaves no call behind */
    protected final List<String> tenants = new CopyOnWriteArrayList<>();

    @Override
    protected String createTenantWithId(String id, int dedicated, int shared) {
        tenants.add(id);
        return super.createTenantWithId(id, dedicated, shared);
    }

    @After
    public void stopPeers() {
        processes.forEach(Sipp::close);
        for (String t : tenants) {
            Answer live = op("GET", "/tenants/" + t + "/calls", null);
            if (live.status == 200) {
                live.json.forEach(c -> op("POST", "/tenants/" + t + "/calls/" + c.get("id").asText() + "/hangup", null));
            }
        }
    }

    /** A trunk {@code name} that lets customers (SIPp) call in from 127.0.0.1; created once per Karaf. */
    protected void localTrunk(String name) {
        synchronized (TelephonyTestSupport.class) {
            for (JsonNode t : op("GET", "/trunks", null).json) {
                if (name.equals(t.get("name").asText())) {
                    return;
                }
            }
            Answer t = op("POST", "/trunks", "{\"name\":\"" + name + "\",\"host\":\"127.0.0.1\",\"port\":" + freeUdpPort()
                + ",\"allowedSources\":[\"127.0.0.1\"],\"callerId\":\"4000000002\"}");
            assertEquals(t.toString(), 201, t.status);
        }
    }

    protected String queueWithDid(String tenant, String queue, String spec) {
        Answer q = op("PUT", "/tenants/" + tenant + "/queues/" + queue, spec);
        assertEquals(q.toString(), 200, q.status);
        String did = "8" + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
        Answer d = op("PUT", "/dids/" + did, "{\"tenantId\":\"" + tenant + "\",\"queue\":\"" + queue + "\"}");
        assertEquals(d.toString(), 200, d.status);
        return did;
    }

    /** An agent with skills, a SIPp phone playing {@code scenario} (ringing {@code ringMs}), registered and logged in. */
    protected Agent agent(String tenant, String name, String skills, String scenario, int ringMs) {
        return phone(tenant, name, "[\"agent\"]", skills, scenario, ringMs, true);
    }

    /**
     * A user with {@code roles} (agent among them), an agent profile and a registered SIPp phone playing
     * {@code scenario} ({@code -d ringMs}, further SIPp options {@code sippArgs}); logged in as an agent when {@code login}.
     */
    protected Agent phone(String tenant, String name, String roles, String skills, String scenario, int ringMs, boolean login, String... sippArgs) {
        String userId = createUser(tenant, name, roles);
        String sipUser = tenant + "." + name;
        String password = "Sip-" + name + "-pass";
        Answer p = op("PUT", "/tenants/" + tenant + "/agents/" + userId + "/profile",
            "{\"sipUser\":\"" + sipUser + "\",\"sipPassword\":\"" + password + "\",\"skills\":" + skills + "}");
        assertEquals(p.toString(), 200, p.status);
        int port = freeUdpPort();
        List<String> args = new ArrayList<>(List.of("-p", Integer.toString(port), "-d", Integer.toString(ringMs)));
        args.addAll(List.of(sippArgs));
        Sipp phone = Sipp.start("phone-" + name, sipPort(), scenario, args.toArray(new String[0]));
        processes.add(phone);
        register("reg-" + name, "register.xml", sipUser, password, port, "127.0.0.1").assertSucceeded(Duration.ofSeconds(15));
        if (login) {
            Answer in = op("POST", "/tenants/" + tenant + "/agents/" + userId + "/login", "{}");
            assertEquals(in.toString(), 200, in.status);
            assertEquals("NOT_READY", in.json.get("state").asText());
            assertEquals("login", in.json.get("reason").asText());
        }
        return new Agent(tenant, userId, name + "@" + tenant, sipUser, password, phone, port);
    }

    /**
     * Strict RTP for the agent's phone: its audio goes to the port its SDP names, not back to where its RTP comes from.
     * For SIPp phones whose test listens on another port (an {@link Rtp.Ear}) than the one SIPp sends from — with the
     * default, symmetric RTP, Seatline would answer SIPp's sending port, as it must for a phone behind NAT.
     */
    protected void strictRtp(Agent a) {
        Answer p = op("PUT", "/tenants/" + a.tenant() + "/agents/" + a.userId() + "/profile",
            "{\"sipUser\":\"" + a.sipUser() + "\",\"skills\":{},\"symmetricRtp\":false}");
        assertEquals(p.toString(), 200, p.status);
        assertEquals(p.toString(), false, p.json.get("symmetricRtp").asBoolean());
    }

    protected Sipp register(String name, String scenario, String sipUser, String password, int contactPort, String ip) {
        return register(name, scenario, sipUser, password, contactPort, ip, "300");
    }

    protected Sipp register(String name, String scenario, String sipUser, String password, int contactPort, String ip, String expires) {
        Sipp r = Sipp.start(name, sipPort(), scenario, "-i", ip, "-p", Integer.toString(freeUdpPort()), "-s", sipUser, "-au", sipUser,
            "-ap", password, "-set", "contact_port", Integer.toString(contactPort), "-set", "expires", expires, "-m", "1",
            "-timeout", "15", "-timeout_error");
        processes.add(r);
        return r;
    }

    protected void ready(Agent a) {
        Answer r = op("PUT", "/tenants/" + a.tenant() + "/agents/" + a.userId() + "/state", "{\"state\":\"READY\"}");
        assertEquals(r.toString(), 200, r.status);
    }

    /** Waits until the tenant has exactly {@code n} CDRs (written asynchronously) and returns them, newest first. */
    protected JsonNode awaitCdrs(String tenant, int n) {
        await().atMost(Duration.ofSeconds(15)).until(() -> op("GET", "/tenants/" + tenant + "/cdrs?limit=500", null).json.get("total").asInt() >= n);
        JsonNode page = op("GET", "/tenants/" + tenant + "/cdrs?limit=500", null).json;
        assertEquals("CDRs of " + tenant + ": " + page, n, page.get("total").asInt());
        return page.get("items");
    }

    /** A customer calling {@code did} through the trunk (SIPp {@code scenario}, talking {@code talkMs}). */
    protected Sipp customer(String name, String scenario, String did, int talkMs, String... more) {
        List<String> args = new ArrayList<>(List.of("-s", did, "-d", Integer.toString(talkMs), "-p", Integer.toString(freeUdpPort()),
            "-timeout", "60", "-timeout_error", "-recv_timeout", "30000"));
        args.addAll(List.of(more));
        Sipp s = Sipp.start(name, sipPort(), scenario, args.toArray(new String[0]));
        processes.add(s);
        return s;
    }

    /** Waits until the agent talks on a call; returns the call id. */
    protected String awaitTalking(String tenant, Agent agent) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (JsonNode c : op("GET", "/tenants/" + tenant + "/calls", null).json) {
                if ("TALKING".equals(c.get("state").asText()) && agent.userId().equals(c.get("agentUserId").asText())) {
                    id[0] = c.get("id").asText();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    /** A server-sent-event stream being read: its lines so far. */
    protected record EventStream(List<String> lines, java.io.InputStream body) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Opens {@code path} as {@code login} and reads its lines in the background. */
    protected EventStream openStream(String path, String login) {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
            .header("Authorization", basicAuth(login, PASSWORD)).header("Accept", "text/event-stream").build();
        java.net.http.HttpResponse<java.io.InputStream> response;
        try {
            response = java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertEquals(200, response.statusCode());
        List<String> lines = new CopyOnWriteArrayList<>();
        java.io.InputStream body = response.body();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // closed by the test
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return new EventStream(lines, body);
    }

    /** a tone at about this level or more is heard (the tones are sent at 4000) */
    protected static final double LOUD = 1000;
    /** below this a tone is absent (G.711 noise and mixing products stay far under it) */
    protected static final double QUIET = 250;

    /** A copy of a tone scenario (agent_tone.xml, customer_tone.xml) that plays a fresh pcap of {@code hz}; its path. */
    protected static String toneScenario(String template, double hz) throws IOException {
        Path dir = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "sipp"));
        Path pcap = Rtp.tonePcap(dir.resolve("tone-" + (int) hz + ".pcap"), hz, 4000, 45);
        String xml = Files.readString(Paths.get(System.getProperty("seatline.it.sippDir"), template), StandardCharsets.UTF_8)
            .replace("/usr/share/sip-tester/g711a.pcap", pcap.toString());
        Path scenario = dir.resolve(template.replace(".xml", "-" + (int) hz + ".xml"));
        Files.writeString(scenario, xml, StandardCharsets.UTF_8);
        return scenario.toString();
    }

    /** Waits until {@code ear} hears every one of {@code tones} in what arrives from now on. */
    protected static void hears(Rtp.Ear ear, double... tones) {
        int mark = ear.mark();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (double hz : tones) {
                if (ear.level(hz, mark) < LOUD) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Listens 2 s from now and asserts {@code tone} is not in what {@code ear} heard (while audio kept arriving). */
    protected static void hearsNot(Rtp.Ear ear, double tone) {
        int mark = ear.mark();
        await().atMost(Duration.ofSeconds(10)).until(() -> ear.since(mark) >= 16000);
        double level = ear.level(tone, mark);
        assertTrue(tone + " Hz heard at " + (int) level, level < QUIET);
    }
}
