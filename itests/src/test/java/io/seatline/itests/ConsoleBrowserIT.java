package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * The web console in a real browser: Debian's chromium, headless, driven by playwright-core (itests/browser), against
 * the assembled distribution as the README starts it (embedded H2). An agent signs in, takes a seat and goes ready and
 * not ready by its hot keys; a supervisor's wallboard shows each change within a second; another tenant's supervisor
 * sees none of it; the pages pass axe-core; both languages; sign-out ends the session. The HTTP side of the session
 * (cookie flags, CSRF, redirects, static files) is checked here too.
 */
public class ConsoleBrowserIT {
    private static final String TENANT = "webfloor";
    private static final String OTHER = "webother";
    private static final String PASSWORD = "Console-pass-1";
    /** the hotline's number */
    private static final String DID = "4008001234";
    private Distribution dist;

    /** amy's phone, and the far end of her click-to-call */
    private Sipp phone;
    private Sipp callee;
    /** bob's phone (the call is transferred to him) and the supervisor's (it rings when she listens in) */
    private Sipp bobPhone;
    private Sipp samPhone;

    @After
    public void stop() throws Exception {
        if (phone != null) {
            phone.close();
        }
        if (callee != null) {
            callee.close();
        }
        if (bobPhone != null) {
            bobPhone.close();
        }
        if (samPhone != null) {
            samPhone.close();
        }
        if (dist != null) {
            dist.close();
        }
    }

    private static Path repo() {
        return Paths.get(System.getProperty("seatline.it.repoDir")).toAbsolutePath().normalize();
    }

    private String user(String tenant, String name, String role) throws Exception {
        return dist.call("POST", "/tenants/" + tenant + "/users", "{\"username\":\"" + name + "\",\"displayName\":\"控制台 " + name
            + "\",\"roles\":[\"" + role + "\"],\"password\":\"" + PASSWORD + "\"}", 201).get("id").asText();
    }

    @Test
    public void anAgentAndASupervisorWorkInTheBrowser() throws Exception {
        dist = Distribution.unpack(null);
        dist.start("/trunks");
        for (String t : List.of(TENANT, OTHER)) {
            dist.call("POST", "/tenants", "{\"id\":\"" + t + "\",\"displayName\":\"网页 " + t + "\",\"timezone\":\"Asia/Shanghai\",\"locale\":\"zh-CN\","
                + "\"dedicatedSeats\":3,\"sharedSeats\":0}", 201);
            dist.call("PUT", "/tenants/" + t + "/queues/sales", "{\"wrapUpSeconds\":5,\"maxWaitSeconds\":120}", 200);
        }
        String agentId = user(TENANT, "amy", "agent");
        int amyPort = SeatlineTestSupport.freeUdpPort();
        dist.call("PUT", "/tenants/" + TENANT + "/agents/" + agentId + "/profile", "{\"sipUser\":\"" + TENANT + ".amy\",\"sipPassword\":\"Sip-amy-pass-1\",\"staticContact\":\"sip:amy@127.0.0.1:" + amyPort + "\","
            + "\"skills\":{\"sales\":5}}", 200);
        // amy's phone: a SIPp UAS at her static contact, ringing half a second, then talking until the caller hangs up
        phone = Sipp.start("amy-phone", dist.sipPort, "agent.xml", "-p", Integer.toString(amyPort), "-d", "500");
        // the hotline: an IVR that asks for a case number (one key) and queues the caller for sales
        dist.call("PUT", "/tenants/" + TENANT + "/ivr/hotline", "{\"start\":\"case\",\"nodes\":{"
            + "\"case\":{\"type\":\"collect\",\"prompt\":\"beep\",\"maxDigits\":1,\"timeoutSeconds\":8,\"variable\":\"case\",\"next\":\"sales\","
            + "\"fallback\":\"sales\"},\"sales\":{\"type\":\"queue\",\"queue\":\"sales\"}}}", 200);
        int trunkPort = SeatlineTestSupport.freeUdpPort();
        dist.call("POST", "/trunks", "{\"name\":\"web-carrier\",\"host\":\"127.0.0.1\",\"port\":" + trunkPort
            + ",\"allowedSources\":[\"127.0.0.1\"]}", 201);
        // the carrier's side of the agent's click-to-call: rings 1 s, answers, waits for the agent to hang up
        callee = Sipp.start("callee", dist.sipPort, "trunk_callee.xml", "-p", Integer.toString(trunkPort), "-d", "1000", "-m", "1");
        dist.call("PUT", "/dids/" + DID, "{\"tenantId\":\"" + TENANT + "\",\"queue\":\"sales\"}", 200);
        dist.call("PUT", "/tenants/" + TENANT + "/dids/" + DID, "{\"ivr\":\"hotline\",\"queue\":\"sales\"}", 200);
        dist.awaitResource("/tenants/" + TENANT + "/dispositions");
        dist.call("PUT", "/tenants/" + TENANT + "/dispositions", "[{\"code\":\"resolved\",\"label\":\"已解决 Resolved\",\"action\":\"DONE\"},"
            + "{\"code\":\"callback\",\"label\":\"回电 Call back\",\"action\":\"CALLBACK\"}]", 200);
        // bob takes the call amy transfers; sam, the supervisor, has a phone of her own that rings when she listens in
        String bobId = user(TENANT, "bob", "agent");
        int bobPort = SeatlineTestSupport.freeUdpPort();
        dist.call("PUT", "/tenants/" + TENANT + "/agents/" + bobId + "/profile", "{\"sipUser\":\"" + TENANT + ".bob\",\"sipPassword\":\"Sip-bob-pass-1\",\"staticContact\":\"sip:bob@127.0.0.1:" + bobPort + "\","
            + "\"skills\":{\"sales\":5}}", 200);
        bobPhone = Sipp.start("bob-phone", dist.sipPort, "agent.xml", "-p", Integer.toString(bobPort), "-d", "500");
        String samId = user(TENANT, "sam", "supervisor");
        int samPort = SeatlineTestSupport.freeUdpPort();
        dist.call("PUT", "/tenants/" + TENANT + "/agents/" + samId + "/profile", "{\"sipUser\":\"" + TENANT + ".sam\",\"sipPassword\":\"Sip-sam-pass-1\",\"staticContact\":\"sip:sam@127.0.0.1:" + samPort + "\"}", 200);
        samPhone = Sipp.start("sam-phone", dist.sipPort, "agent.xml", "-p", Integer.toString(samPort), "-d", "300", "-m", "1");
        user(OTHER, "olga", "supervisor");

        httpSide();

        Path browser = repo().resolve("itests/browser");
        if (!Files.isRegularFile(browser.resolve("node_modules/.package-lock.json"))) {
            assertEquals(0, run(browser, List.of("npm", "ci", "--no-audit", "--no-fund"), browser.resolve("../target/npm-browser.log")));
        }
        Path out = Paths.get("target", "browser").toAbsolutePath();
        Files.createDirectories(out);
        ObjectNode cfg = Distribution.JSON.createObjectNode();
        cfg.put("base", "http://127.0.0.1:" + dist.httpPort);
        cfg.put("tenant", TENANT);
        cfg.put("rounds", 20);
        cfg.put("out", out.resolve("console-flow.json").toString());
        cfg.put("shots", out.resolve("screenshots").toString());
        cfg.putObject("agent").put("login", "amy@" + TENANT).put("username", "amy").put("password", PASSWORD).put("userId", agentId);
        cfg.putObject("second").put("login", "bob@" + TENANT).put("password", PASSWORD).put("userId", bobId);
        cfg.putObject("supervisor").put("login", "sam@" + TENANT).put("password", PASSWORD).put("userId", samId);
        cfg.putObject("other").put("login", "olga@" + OTHER).put("password", PASSWORD);
        // the customer's call, placed by the browser flow once the agent is ready: presses 2 in the IVR, is held and
        // resumed from the desk, then talks 20 s more
        ObjectNode call = cfg.putObject("call").put("sipp", Sipp.binary()).put("caller", "1380013800");
        call.put("messages", out.resolve("customer-sipp.msg").toString());
        Files.deleteIfExists(out.resolve("customer-sipp.msg"));
        Files.deleteIfExists(out.resolve("customer-sipp.err"));
        ArrayNode sippArgs = call.putArray("args");
        for (String a : List.of("127.0.0.1:" + dist.sipPort, "-sf", Paths.get(System.getProperty("seatline.it.sippDir"), "customer_ivr_hold.xml").toString(),
            "-s", DID, "-m", "1", "-i", "127.0.0.1", "-p", Integer.toString(SeatlineTestSupport.freeUdpPort()),
            "-mp", Integer.toString(SeatlineTestSupport.freeUdpPort()), "-nostdin", "-timeout", "120", "-timeout_error", "-trace_err", "-error_file",
            out.resolve("customer-sipp.err").toString(), "-trace_msg", "-message_file", out.resolve("customer-sipp.msg").toString())) {
            sippArgs.add(a);
        }
        ProcessBuilder pb = new ProcessBuilder("node", "console-flow.mjs").directory(browser.toFile());
        pb.environment().put("SEATLINE_BROWSER_CONFIG", cfg.toString());
        int exit = run(pb, out.resolve("console-flow.log"));
        String log = Files.readString(out.resolve("console-flow.log"), StandardCharsets.UTF_8);
        JsonNode result = Files.exists(out.resolve("console-flow.json"))
            ? Distribution.JSON.readTree(out.resolve("console-flow.json").toFile()) : null;
        assertEquals("the browser flow failed: " + log + "\n" + result, 0, exit);
        assertTrue(String.valueOf(result), result != null && result.get("ok").asBoolean());
        // the wallboard's Listen button rang the supervisor's own phone, which answered and was hung up when the call ended
        samPhone.assertSucceeded(java.time.Duration.ofSeconds(30));
        wrapUpsRefuseBadInputAndKeepCallbacksToTheirAgent(result.get("callId").asText());
        long[] delays = new long[result.get("delaysMs").size()];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = result.get("delaysMs").get(i).asLong();
        }
        java.util.Arrays.sort(delays);
        System.out.printf("console browser flow: %d checks passed; agent key -> wallboard tile over %d changes: p50 %d ms, p95 %d ms, worst %d ms; "
                + "click -> re-INVITE at the customer's phone (hold, resume): %s ms; axe: %s%n", result.get("checks").size(), delays.length, delays[delays.length / 2], delays[(int) Math.ceil(delays.length * 0.95) - 1],
            delays[delays.length - 1], result.get("clickToReinviteMs"), result.get("axe"));
    }

    /**
     * After the browser flow: the wrap-up of an ended call refuses bad input with the field named and changes nothing;
     * bob's callback is his alone (amy neither sees nor closes it); another tenant cannot touch the call.
     */
    private void wrapUpsRefuseBadInputAndKeepCallbacksToTheirAgent(String callId) throws Exception {
        String path = "/tenants/" + TENANT + "/wrap-ups";
        String tomorrow = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1) + "T09:00:00";
        record Bad(String body, String field) { }
        for (Bad b : List.of(
            new Bad("{\"callId\":\"" + callId + "\",\"code\":\"callback\"}", "callbackAt"),
            new Bad("{\"callId\":\"" + callId + "\",\"code\":\"callback\",\"callbackAt\":\"2020-01-01T09:00:00\"}", "callbackAt"),
            new Bad("{\"callId\":\"" + callId + "\",\"code\":\"callback\",\"callbackAt\":\"" + tomorrow + "\",\"callbackZone\":\"Mars/Olympus\"}", "callbackZone"),
            new Bad("{\"callId\":\"" + callId + "\",\"code\":\"resolved\",\"note\":\"" + "长".repeat(1001) + "\"}", "note"))) {
            HttpResponse<String> r = as("bob@" + TENANT, "POST", path, b.body());
            assertEquals(r.body(), 400, r.statusCode());
            assertEquals(r.body(), b.field(), Distribution.JSON.readTree(r.body()).get("field").asText());
        }
        JsonNode cdr = dist.call("GET", "/tenants/" + TENANT + "/cdrs/" + callId, null, 200);
        assertEquals("refused wrap-ups changed nothing", "callback", cdr.get("outcome").asText());
        // bob files his wrap-up again with another time: his callback moves, he does not promise a second one
        String later = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(2) + "T16:00:00";
        HttpResponse<String> again = as("bob@" + TENANT, "POST", path, "{\"callId\":\"" + callId + "\",\"code\":\"callback\",\"callbackAt\":\""
            + later + "\",\"callbackSameAgent\":true,\"note\":\"改到后天下午\"}");
        assertEquals(again.body(), 200, again.statusCode());
        // the callback bob promised for himself: his list has it, amy's does not, and only he closes it
        JsonNode bobs = Distribution.JSON.readTree(as("bob@" + TENANT, "GET", "/tenants/" + TENANT + "/callbacks", null).body());
        assertEquals(bobs.toString(), 1, bobs.size());
        assertEquals(java.time.LocalDateTime.parse(later).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant(),
            java.time.Instant.parse(bobs.get(0).get("dueAt").asText()));
        assertEquals("改到后天下午", dist.call("GET", "/tenants/" + TENANT + "/cdrs/" + callId, null, 200).get("outcomeNote").asText());
        String id = bobs.get(0).get("id").asText();
        assertEquals(callId, bobs.get(0).get("callId").asText());
        assertEquals("Asia/Shanghai", bobs.get(0).get("zone").asText());
        assertEquals("13800138001", bobs.get(0).get("phone").asText());
        assertEquals("[]", as("amy@" + TENANT, "GET", "/tenants/" + TENANT + "/callbacks", null).body().replaceAll("\\s", ""));
        HttpResponse<String> amyCloses = as("amy@" + TENANT, "POST", "/tenants/" + TENANT + "/callbacks/" + id + "/done", null);
        assertEquals(amyCloses.body(), 403, amyCloses.statusCode());
        HttpResponse<String> stranger = as("olga@" + OTHER, "POST", "/tenants/" + OTHER + "/wrap-ups",
            "{\"callId\":\"" + callId + "\",\"code\":\"sale\"}"); // one of the default codes, which that tenant has
        assertEquals(stranger.body(), 404, stranger.statusCode());
        HttpResponse<String> done = as("bob@" + TENANT, "POST", "/tenants/" + TENANT + "/callbacks/" + id + "/done", null);
        assertEquals(done.body(), 200, done.statusCode());
        assertEquals("bob@" + TENANT, Distribution.JSON.readTree(done.body()).get("doneBy").asText());
        assertEquals(409, as("bob@" + TENANT, "POST", "/tenants/" + TENANT + "/callbacks/" + id + "/done", null).statusCode());
        assertEquals("[]", as("bob@" + TENANT, "GET", "/tenants/" + TENANT + "/callbacks", null).body().replaceAll("\\s", ""));
        assertTrue(as("sam@" + TENANT, "GET", "/tenants/" + TENANT + "/callbacks?status=ALL", null).body().contains(id));
    }

    /** A user's own request, with Basic authentication as API clients send it. */
    private HttpResponse<String> as(String login, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dist.httpPort + "/api/v1" + path))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((login + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** What the browser relies on, seen over plain HTTP: redirects, files, headers, the session's cookie and CSRF. */
    private void httpSide() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + dist.httpPort;
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, root.statusCode());
        assertTrue(root.headers().firstValue("Location").orElse(""), root.headers().firstValue("Location").orElse("").endsWith("/console/"));
        for (String route : List.of("/console/", "/console/agent", "/console/wallboard", "/console/bigscreen")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + route)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(route, 200, page.statusCode());
            assertTrue(route, page.body().contains("<div id=\"root\">"));
            assertTrue(route + " has a CSP", page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        }
        HttpResponse<byte[]> font = http.send(HttpRequest.newBuilder(URI.create(base + "/console/fonts/NotoSansSC-Regular.ttf")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("the shipped CJK font is offered to browsers without one", 200, font.statusCode());
        assertTrue(font.body().length > 1_000_000);
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/console/assets/nope.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("a missing asset is a 404, not the page", 404, missing.statusCode());
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(URI.create(base + "/nothing-here")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, elsewhere.statusCode());
        assertEquals("not_found", Distribution.JSON.readTree(elsewhere.body()).get("code").asText());

        // sign-in: 201, the cookie HttpOnly and SameSite=Strict, a CSRF token in the body
        HttpResponse<String> bad = post(http, base + "/api/v1/session", "{\"login\":\"amy@" + TENANT + "\"}", null, null);
        assertEquals(bad.body(), 400, bad.statusCode());
        assertEquals("password", Distribution.JSON.readTree(bad.body()).get("field").asText());
        HttpResponse<String> in = post(http, base + "/api/v1/session", "{\"login\":\"sam@" + TENANT + "\",\"password\":\"" + PASSWORD + "\"}", null, null);
        assertEquals(in.body(), 201, in.statusCode());
        String setCookie = in.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie, setCookie.startsWith("SEATLINE_SESSION=sls_") && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
            && setCookie.contains("Path=/"));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        JsonNode session = Distribution.JSON.readTree(in.body());
        String csrf = session.get("csrfToken").asText();
        assertEquals("sam@" + TENANT, session.get("user").get("login").asText());
        assertTrue(session.toString(), session.get("can").toString().contains("calls:supervise"));
        // reads with the cookie alone; writes need the token too
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + TENANT + "/realtime")).header("Cookie", cookie)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(read.body(), 200, read.statusCode());
        String reasons = "[{\"code\":\"break\",\"label\":\"休息 Break\"},{\"code\":\"training\",\"label\":\"培训 Training\"}]";
        HttpResponse<String> noToken = put(http, base + "/api/v1/tenants/" + TENANT + "/reason-codes", reasons, cookie, null);
        assertEquals(noToken.body(), 403, noToken.statusCode());
        assertEquals("csrf_failed", Distribution.JSON.readTree(noToken.body()).get("code").asText());
        HttpResponse<String> wrongToken = put(http, base + "/api/v1/tenants/" + TENANT + "/reason-codes", reasons, cookie, csrf + "x");
        assertEquals(wrongToken.body(), 403, wrongToken.statusCode());
        // a supervisor may not change reason codes; the tenant admin (Basic) does, and the console shows them
        HttpResponse<String> supervisorWrite = put(http, base + "/api/v1/tenants/" + TENANT + "/reason-codes", reasons, cookie, csrf);
        assertEquals(supervisorWrite.body(), 403, supervisorWrite.statusCode());
        assertEquals("forbidden", Distribution.JSON.readTree(supervisorWrite.body()).get("code").asText());
        dist.call("PUT", "/tenants/" + TENANT + "/reason-codes", reasons, 200);
        // sign-out ends it on the server; the old cookie is worthless afterwards
        HttpResponse<String> outNoToken = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).header("Cookie", cookie).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(403, outNoToken.statusCode());
        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).header("Cookie", cookie)
            .header("X-CSRF-Token", csrf).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, out.statusCode());
        assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"));
        HttpResponse<String> gone = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tenants/" + TENANT + "/realtime")).header("Cookie", cookie)
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, gone.statusCode());
        assertEquals("session_expired", Distribution.JSON.readTree(gone.body()).get("code").asText());

        // a new password signs every browser of that user out
        HttpResponse<String> again = post(http, base + "/api/v1/session", "{\"login\":\"sam@" + TENANT + "\",\"password\":\"" + PASSWORD + "\"}", null, null);
        String cookie2 = again.headers().firstValue("Set-Cookie").orElse("").split(";")[0];
        String samId = Distribution.JSON.readTree(again.body()).get("user").get("id").asText();
        dist.call("POST", "/tenants/" + TENANT + "/users/" + samId + "/password", "{\"password\":\"Console-pass-2\"}", 204);
        HttpResponse<String> afterChange = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).header("Cookie", cookie2).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(afterChange.body(), 401, afterChange.statusCode());
        dist.call("POST", "/tenants/" + TENANT + "/users/" + samId + "/password", "{\"password\":\"" + PASSWORD + "\"}", 204);
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body, String cookie, String csrf) throws Exception {
        return send(http, "POST", url, body, cookie, csrf);
    }

    private static HttpResponse<String> put(HttpClient http, String url, String body, String cookie, String csrf) throws Exception {
        return send(http, "PUT", url, body, cookie, csrf);
    }

    private static HttpResponse<String> send(HttpClient http, String method, String url, String body, String cookie, String csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int run(Path dir, List<String> cmd, Path log) throws Exception {
        return run(new ProcessBuilder(cmd).directory(dir.toFile()), log);
    }

    private static int run(ProcessBuilder pb, Path log) throws Exception {
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " did not finish in 10 minutes; see " + log);
        }
        return p.exitValue();
    }
}
