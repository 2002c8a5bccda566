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

    private String user(String tenant, String name, String role) throws Exception {
        return user(tenant, name, role, null);
    }

    private String user(String tenant, String name, String role, String team) throws Exception {
        return dist.call("POST", "/tenants/" + tenant + "/users", "{\"username\":\"" + name + "\",\"displayName\":\"控制台 " + name
            + "\",\"roles\":[\"" + role + "\"],\"password\":\"" + PASSWORD + "\"" + (team == null ? "" : ",\"teamId\":\"" + team + "\"")
            + "}", 201).get("id").asText();
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
        // amy and bob work in one team, to which their supervisor broadcasts
        String teamId = dist.call("POST", "/tenants/" + TENANT + "/teams", "{\"name\":\"一组 Team A\"}", 201).get("id").asText();
        String agentId = user(TENANT, "amy", "agent", teamId);
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
        // (two calls: the click-to-call and the preview campaign's dial)
        callee = Sipp.start("callee", dist.sipPort, "trunk_callee.xml", "-p", Integer.toString(trunkPort), "-d", "1000", "-m", "2");
        dist.call("PUT", "/dids/" + DID, "{\"tenantId\":\"" + TENANT + "\",\"queue\":\"sales\"}", 200);
        dist.call("PUT", "/tenants/" + TENANT + "/dids/" + DID, "{\"ivr\":\"hotline\",\"queue\":\"sales\"}", 200);
        dist.awaitResource("/tenants/" + TENANT + "/dispositions");
        dist.call("PUT", "/tenants/" + TENANT + "/dispositions", "[{\"code\":\"resolved\",\"label\":\"已解决 Resolved\",\"action\":\"DONE\"},"
            + "{\"code\":\"callback\",\"label\":\"回电 Call back\",\"action\":\"CALLBACK\"}]", 200);
        // bob takes the call amy transfers; sam, the supervisor, has a phone of her own that rings when she listens in
        String bobId = user(TENANT, "bob", "agent", teamId);
        int bobPort = SeatlineTestSupport.freeUdpPort();
        dist.call("PUT", "/tenants/" + TENANT + "/agents/" + bobId + "/profile", "{\"sipUser\":\"" + TENANT + ".bob\",\"sipPassword\":\"Sip-bob-pass-1\",\"staticContact\":\"sip:bob@127.0.0.1:" + bobPort + "\","
            + "\"skills\":{\"sales\":5}}", 200);
        bobPhone = Sipp.start("bob-phone", dist.sipPort, "agent.xml", "-p", Integer.toString(bobPort), "-d", "500");
        String samId = user(TENANT, "sam", "supervisor");
        int samPort = SeatlineTestSupport.freeUdpPort();
        dist.call("PUT", "/tenants/" + TENANT + "/agents/" + samId + "/profile", "{\"sipUser\":\"" + TENANT + ".sam\",\"sipPassword\":\"Sip-sam-pass-1\",\"staticContact\":\"sip:sam@127.0.0.1:" + samPort + "\"}", 200);
        samPhone = Sipp.start("sam-phone", dist.sipPort, "agent.xml", "-p", Integer.toString(samPort), "-d", "300", "-m", "1");
        user(OTHER, "olga", "supervisor");
        // tickets: a category with fields of its own, and a ticket the supervisor assigned to amy (her list shows it
        // with its SLA clock); the knowledge base the desk searches beside the call
        dist.awaitResource("/tenants/" + TENANT + "/ticket-categories");
        dist.call("PUT", "/tenants/" + TENANT + "/ticket-categories", "[{\"name\":\"complaint\",\"label\":\"投诉 Complaint\",\"slaHours\":24,"
            + "\"fields\":[{\"name\":\"order_no\",\"label\":\"订单号 Order\",\"type\":\"TEXT\",\"required\":true},"
            + "{\"name\":\"amount\",\"label\":\"金额 Amount\",\"type\":\"NUMBER\"}]}]", 200);
        JsonNode assigned = dist.call("POST", "/tenants/" + TENANT + "/tickets", "{\"category\":\"complaint\",\"title\":\"发票未收到 invoice not received\","
            + "\"fields\":{\"order_no\":\"A-1001\"}}", 201);
        dist.call("POST", "/tenants/" + TENANT + "/tickets/" + assigned.get("id").asText() + "/assign", "{\"userId\":\"" + agentId + "\"}", 200);
        dist.call("POST", "/tenants/" + TENANT + "/kb/articles", "{\"category\":\"售后\",\"title\":\"退款多久到账\",\"keywords\":[\"退款\",\"到账\"],"
            + "\"body\":\"申请退款后，款项会在3到5个工作日内退回原支付账户。Refunds reach the original account in 3 to 5 working days.\"}", 201);
        // a PREVIEW campaign amy works: one record, which she reads, then dials from her desk (the carrier answers)
        dist.awaitResource("/tenants/" + TENANT + "/campaigns");
        String campaign = dist.call("POST", "/tenants/" + TENANT + "/campaigns", "{\"name\":\"renewals\",\"displayName\":\"续保 Renewals\","
            + "\"mode\":\"PREVIEW\",\"queue\":\"sales\",\"agentUserIds\":[\"" + agentId + "\"],\"windowFrom\":\"00:00\",\"windowTo\":\"23:59\"}", 201)
            .get("id").asText();
        HttpResponse<String> imported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dist.httpPort + "/api/v1/tenants/"
                + TENANT + "/campaigns/" + campaign + "/lists/june/import"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((Distribution.OPERATOR + ":" + Distribution.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("phone,name,plan\n13900139000,李雷 Li Lei,金卡 Gold\n",
                StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(imported.body(), 202, imported.statusCode());
        String importId = Distribution.JSON.readTree(imported.body()).get("id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
            .until(() -> !"RUNNING".equals(dist.call("GET", "/tenants/" + TENANT + "/imports/" + importId, null, 200).get("status").asText()));
        dist.call("POST", "/tenants/" + TENANT + "/campaigns/" + campaign + "/start", null, 200);

        httpSide();

        Path out = BrowserFlow.out();
        ObjectNode cfg = BrowserFlow.config(dist, "console-flow");
        cfg.put("tenant", TENANT);
        cfg.put("rounds", 20);
        cfg.put("ticketNumber", assigned.get("number").asText());
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
        JsonNode result = BrowserFlow.run("console-flow", cfg);
        // the wallboard's Listen button rang the supervisor's own phone, which answered and was hung up when the call ended
        samPhone.assertSucceeded(java.time.Duration.ofSeconds(30));
        wrapUpsRefuseBadInputAndKeepCallbacksToTheirAgent(result.get("callId").asText());
        messagesGoWhereTheyMayAndHelpRequestsCloseOnce(agentId, bobId, samId, teamId);
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

    /**
     * Internal messages and help requests over the API, after the browser flow: an agent writes to supervisors only,
     * bad input is refused with the field named, a team broadcast gives each member a copy of its own (pushed on its
     * event stream), a help request is one per agent until answered once, and another tenant reaches none of it.
     */
    private void messagesGoWhereTheyMayAndHelpRequestsCloseOnce(String amyId, String bobId, String samId, String teamId) throws Exception {
        String amy = "amy@" + TENANT;
        String bob = "bob@" + TENANT;
        String sam = "sam@" + TENANT;
        String path = "/tenants/" + TENANT + "/messages";
        HttpResponse<String> toSam = as(amy, "POST", path, "{\"to\":\"" + samId + "\",\"body\":\"班长：客户要退款，怎么处理？\"}");
        assertEquals(toSam.body(), 201, toSam.statusCode());
        assertEquals(1, Distribution.JSON.readTree(toSam.body()).get("recipients").asInt());
        HttpResponse<String> toBob = as(amy, "POST", path, "{\"to\":\"" + bobId + "\",\"body\":\"hi\"}");
        assertEquals("an agent writes to supervisors only: " + toBob.body(), 403, toBob.statusCode());
        HttpResponse<String> agentBroadcast = as(amy, "POST", path, "{\"team\":\"" + teamId + "\",\"body\":\"hi\"}");
        assertEquals(agentBroadcast.body(), 403, agentBroadcast.statusCode());
        record Bad(String body, String field) { }
        for (Bad b : List.of(new Bad("{\"to\":\"" + amyId + "\",\"body\":\"  \"}", "body"),
            new Bad("{\"to\":\"" + amyId + "\",\"team\":\"" + teamId + "\",\"body\":\"x\"}", "team"),
            new Bad("{\"body\":\"x\"}", "to"),
            new Bad("{\"to\":\"" + amyId + "\",\"body\":\"" + "长".repeat(1001) + "\"}", "body"),
            new Bad("{\"to\":\"nobody\",\"body\":\"x\"}", "to"),
            new Bad("{\"team\":\"no-such-team\",\"body\":\"x\"}", "team"))) {
            HttpResponse<String> r = as(sam, "POST", path, b.body());
            assertEquals(r.body(), 400, r.statusCode());
            assertEquals(r.body(), b.field(), Distribution.JSON.readTree(r.body()).get("field").asText());
        }
        // the broadcast reaches bob's open event stream, and each member reads its own copy
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpRequest streamRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dist.httpPort + "/api/v1/tenants/" + TENANT + "/me/events"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((bob + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "text/event-stream").build();
        var stream = HttpClient.newHttpClient().sendAsync(streamRequest, HttpResponse.BodyHandlers.ofLines())
            .thenAccept(r -> r.body().forEach(lines::add));
        try {
            awaitLine(lines, "event:hello");
            String broadcast = "全组注意：十点开班前会 / team meeting at ten";
            HttpResponse<String> sent = as(sam, "POST", path, "{\"team\":\"" + teamId + "\",\"body\":\"" + broadcast + "\"}");
            assertEquals(sent.body(), 201, sent.statusCode());
            assertEquals("amy and bob, not sam herself", 2, Distribution.JSON.readTree(sent.body()).get("recipients").asInt());
            awaitLine(lines, broadcast);
        } finally {
            stream.cancel(true);
        }
        JsonNode bobUnread = Distribution.JSON.readTree(as(bob, "GET", path + "?unread=true", null).body());
        JsonNode bobCopy = null;
        for (JsonNode m : bobUnread) {
            if ("BROADCAST".equals(m.get("kind").asText())) {
                bobCopy = m;
            }
        }
        assertTrue(bobUnread.toString(), bobCopy != null && "一组 Team A".equals(bobCopy.get("teamName").asText()) && bobCopy.get("fromName").asText().contains("sam"));
        assertEquals(200, as(bob, "POST", path + "/" + bobCopy.get("id").asText() + "/read", null).statusCode());
        assertEquals("a copy read by bob is unread for no one else's sake", 404, as(amy, "POST", path + "/" + bobCopy.get("id").asText() + "/read", null).statusCode());
        assertTrue(as(amy, "GET", path + "?unread=true", null).body().contains("十点开班前会"));
        assertTrue(!as(bob, "GET", path + "?unread=true", null).body().contains("十点开班前会"));
        // who amy may write to: supervisors only; sam may also write to teams
        JsonNode amyMay = Distribution.JSON.readTree(as(amy, "GET", path + "/recipients", null).body());
        assertEquals(amyMay.toString(), 1, amyMay.size());
        assertEquals(samId, amyMay.get(0).get("id").asText());
        assertTrue(as(sam, "GET", path + "/recipients", null).body().contains("\"kind\":\"TEAM\""));

        // help: one open request per agent; bob neither sees nor closes amy's; sam answers once, and amy gets the answer
        String help = "/tenants/" + TENANT + "/help-requests";
        HttpResponse<String> asked = as(amy, "POST", help, "{\"note\":\"客户情绪激动 upset caller\"}");
        assertEquals(asked.body(), 201, asked.statusCode());
        String helpId = Distribution.JSON.readTree(asked.body()).get("id").asText();
        assertEquals("asking again while one is open gives the open one", helpId,
            Distribution.JSON.readTree(as(amy, "POST", help, "{}").body()).get("id").asText());
        assertEquals(400, as(amy, "POST", help, "{\"callId\":\"not a call id\"}").statusCode());
        assertTrue(as(sam, "GET", help, null).body().contains(helpId));
        assertTrue("an agent sees only its own help requests", !as(bob, "GET", help, null).body().contains(helpId));
        assertEquals(404, as(bob, "POST", help + "/" + helpId + "/close", "{}").statusCode());
        HttpResponse<String> foreign = as("olga@" + OTHER, "GET", help, null);
        assertTrue(foreign.body(), foreign.statusCode() == 403 || foreign.statusCode() == 404);
        assertEquals(404, as("olga@" + OTHER, "POST", "/tenants/" + OTHER + "/help-requests/" + helpId + "/close", "{}").statusCode());
        HttpResponse<String> answered = as(sam, "POST", help + "/" + helpId + "/close", "{\"answer\":\"我马上过来 on my way\"}");
        assertEquals(answered.body(), 200, answered.statusCode());
        assertEquals("ANSWERED", Distribution.JSON.readTree(answered.body()).get("status").asText());
        HttpResponse<String> twice = as(sam, "POST", help + "/" + helpId + "/close", "{}");
        assertEquals(twice.body(), 409, twice.statusCode());
        assertEquals("help_closed", Distribution.JSON.readTree(twice.body()).get("code").asText());
        assertTrue(!as(sam, "GET", help, null).body().contains(helpId));
        assertTrue(as(amy, "GET", path + "?unread=true", null).body().contains("我马上过来 on my way"));
        // nothing of this tenant's messages reaches the other tenant, whose supervisor cannot write to amy either
        HttpResponse<String> olgaWrites = as("olga@" + OTHER, "POST", "/tenants/" + OTHER + "/messages", "{\"to\":\"" + amyId + "\",\"body\":\"x\"}");
        assertEquals(olgaWrites.body(), 400, olgaWrites.statusCode());
        HttpResponse<String> olgaReads = as("olga@" + OTHER, "GET", path, null);
        assertTrue(olgaReads.body(), olgaReads.statusCode() == 403 || olgaReads.statusCode() == 404);
    }

    /** Waits (up to 10 s) until a line of an event stream contains {@code text} (compared without spaces). */
    private static void awaitLine(List<String> lines, String text) {
        String wanted = text.replace(" ", "");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.stream().noneMatch(l -> l.replace(" ", "").contains(wanted))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' on the event stream within 10 s: " + lines);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
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
}
