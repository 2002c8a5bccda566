package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * KPI reports against the assembled distribution (H2), from real calls: SIPp customers call a queue whose agents are
 * SIPp phones — one call answered and surveyed, one answered and transferred to a second agent, one caller who hangs
 * up after 2 s (a short abandon) and one after 7 s. The report's figures must equal those computed here by hand from
 * the CDRs and the agents' state histories; a rebuild from the raw rows must give the same figures; exports, bad input
 * and tenant isolation are checked on the same data.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // every test reads the calls the fixture made
public class ReportsIT extends TelephonyTestSupport {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration AGGREGATED = Duration.ofSeconds(20);
    private static final Duration CALL_WAIT = Duration.ofSeconds(60);
    private static String t;
    private static String other;
    private static final Map<String, String> users = new HashMap<>();
    private static String range;

    @Before
    public void calls() {
        if (t != null) {
            return;
        }
        localTrunk("reports-carrier");
        t = createTenant("rep", 5, 0);
        other = createTenant("repb", 2, 0);
        LocalDate today = LocalDate.now(SHANGHAI);
        // a day either side: the calls may straddle midnight in Shanghai
        range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        String did = queueWithDid(t, "care", "{\"displayName\":\"客服 Care\",\"wrapUpSeconds\":1,\"survey\":true,\"serviceLevelSeconds\":20}");
        // 1. answered, the agent hangs up after 1.5 s, the caller scores the survey 4
        Agent hanna = agent(t, "hanna", "{}", "agent_hangup.xml", 1500);
        users.put("hanna", hanna.userId());
        ready(hanna);
        customer("surveyed", "customer_survey.xml", did, 6000, "-m", "1").assertSucceeded(CALL_WAIT);
        awaitCdrs(t, 1);
        awaitReadyThenAway(hanna); // after its wrap-up
        // 2. answered by one agent and passed on to another (logged in, not ready: a transfer names the agent)
        Agent first = agent(t, "first", "{}", "agent.xml", 100);
        Agent second = agent(t, "second", "{}", "agent.xml", 100);
        users.put("first", first.userId());
        users.put("second", second.userId());
        ready(first);
        Sipp caller = customer("transferred", "customer_transfer.xml", did, 1500, "-m", "1");
        String callId = awaitTalking(t, first);
        Answer transfer = op("POST", "/tenants/" + t + "/calls/" + callId + "/transfer", "{\"agentUserId\":\"" + second.userId() + "\"}");
        assertEquals(transfer.toString(), 200, transfer.status);
        caller.assertSucceeded(CALL_WAIT);
        awaitCdrs(t, 2);
        awaitReadyThenAway(first);
        awaitReadyThenAway(second);
        // nobody ready: 3. hangs up after 2 s (short), 4. after 7 s
        customer("short", "customer_abandon.xml", did, 2000, "-m", "1").assertSucceeded(CALL_WAIT);
        customer("gave-up", "customer_abandon.xml", did, 7000, "-m", "1").assertSucceeded(CALL_WAIT);
        awaitCdrs(t, 4);
        // everybody logs out: the agents' time stops growing, so figures can be compared exactly
        for (Agent a : new Agent[] {hanna, first, second}) {
            assertEquals(200, op("POST", "/tenants/" + t + "/agents/" + a.userId() + "/logout", null).status);
        }
        users.put("sup", createUser(t, "sup", "[\"supervisor\"]"));
        users.put("adm", createUser(t, "adm", "[\"tenant-admin\"]"));
        users.put("bsup", createUser(other, "bsup", "[\"supervisor\"]"));
    }

    private String state(Agent a) {
        return op("GET", "/tenants/" + a.tenant() + "/agents/" + a.userId(), null).json.get("state").asText();
    }

    private void awaitReadyThenAway(Agent a) {
        await().atMost(Duration.ofSeconds(15)).until(() -> "READY".equals(state(a)));
        away(a);
    }

    private void away(Agent a) {
        Answer r = op("PUT", "/tenants/" + a.tenant() + "/agents/" + a.userId() + "/state", "{\"state\":\"NOT_READY\",\"reason\":\"break\"}");
        assertEquals(r.toString(), 200, r.status);
    }

    private Answer report(String user, String tenant, String query) {
        return send(user + "@" + tenant, PASSWORD, "GET", "/tenants/" + tenant + "/reports/kpis?" + query, null);
    }

    /** The figures summed by hand from the CDRs and the agents' state histories. */
    private record Expected(long offered, long answered, long abandoned, long shortAbandoned, long inTarget, long transferred, long waitMs,
                            long handlingMs, long wrapMs, long maxWaitMs, long loggedInMs, long availableMs) {
    }

    private Expected byHand() {
        long offered = 0, answered = 0, abandoned = 0, shortAb = 0, inTarget = 0, transferred = 0, wait = 0, handling = 0, wrap = 0, maxWait = 0;
        for (JsonNode c : op("GET", "/tenants/" + t + "/cdrs?limit=500", null).json.get("items")) {
            offered++;
            long w = c.get("waitMs").asLong();
            maxWait = Math.max(maxWait, w);
            if ("ANSWERED".equals(c.get("disposition").asText())) {
                answered++;
                wait += w;
                inTarget += w <= 20_000 ? 1 : 0;
                transferred += c.get("transfers").asInt() > 0 ? 1 : 0;
                long wr = c.path("wrapUpMs").isNumber() ? c.get("wrapUpMs").asLong() : 0;
                wrap += wr;
                handling += c.get("talkMs").asLong() + c.get("holdMs").asLong() + wr;
            } else {
                abandoned++;
                shortAb += w <= 5_000 ? 1 : 0;
            }
        }
        long loggedIn = 0;
        long available = 0;
        for (String name : new String[] {"hanna", "first", "second"}) {
            JsonNode h = op("GET", "/tenants/" + t + "/agents/" + users.get(name) + "/history?from=2020-01-01T00:00:00Z&limit=5000", null).json;
            for (int i = 0; i + 1 < h.size(); i++) {
                String s = h.get(i).get("state").asText();
                // whole milliseconds of the instants, as the aggregates count them (a span's slices add up to it)
                long ms = Instant.parse(h.get(i + 1).get("at").asText()).toEpochMilli() - Instant.parse(h.get(i).get("at").asText()).toEpochMilli();
                if (!"LOGGED_OUT".equals(s)) {
                    loggedIn += ms;
                    available += "NOT_READY".equals(s) ? 0 : ms;
                }
            }
            assertEquals("LOGGED_OUT", h.get(h.size() - 1).get("state").asText());
        }
        return new Expected(offered, answered, abandoned, shortAb, inTarget, transferred, wait, handling, wrap, maxWait, loggedIn, available);
    }

    private static double num(JsonNode k, String field) {
        assertNotNull(field + " in " + k, k.get(field));
        assertTrue(field + " in " + k, k.get(field).isNumber());
        return k.get(field).asDouble();
    }

    @Test
    public void a_kpisFromRealCallsEqualTheFiguresComputedByHand() {
        Expected e = byHand();
        assertEquals(4, e.offered());
        assertEquals(2, e.answered());
        assertEquals(1, e.shortAbandoned());
        assertEquals(1, e.transferred());
        // the aggregation catches up with the last events (the logouts, the last wrap-up): then the figures are exact
        await().atMost(AGGREGATED).until(() -> {
            JsonNode k = report("sup", t, range).json.get("total");
            return Math.abs(num(k, "loggedInHours") * 3_600_000 - e.loggedInMs()) < 0.5 && k.path("ahtSeconds").isNumber()
                && Math.abs(num(k, "ahtSeconds") * 2 * 1000 - e.handlingMs()) < 0.5;
        });
        JsonNode r = report("sup", t, range + "&compare=PREVIOUS").json;
        JsonNode k = r.get("total");
        assertEquals("Asia/Shanghai", r.get("timezone").asText());
        assertEquals(5, r.get("shortAbandonSeconds").asInt());
        assertEquals(4, k.get("offered").asInt());
        assertEquals(2, k.get("answered").asInt());
        assertEquals(2, k.get("abandoned").asInt());
        assertEquals(1, k.get("shortAbandoned").asInt());
        assertEquals(1, k.get("transferred").asInt());
        assertEquals(1, k.get("surveyed").asInt());
        assertEquals(4.0, num(k, "csat"), 1e-9);
        // service level both ways: in target ÷ (offered − short abandons), and in target ÷ answered
        assertEquals(e.inTarget() / 3.0, num(k, "serviceLevel"), 1e-9);
        assertEquals(e.inTarget() / 2.0, num(k, "serviceLevelOfAnswered"), 1e-9);
        assertEquals(1 / 3.0, num(k, "abandonRate"), 1e-9);
        assertEquals(e.waitMs() / 2000.0, num(k, "asaSeconds"), 1e-9);
        assertEquals(e.maxWaitMs() / 1000.0, num(k, "longestWaitSeconds"), 1e-9);
        assertEquals(e.handlingMs() / 2000.0, num(k, "ahtSeconds"), 1e-9);
        assertEquals(e.wrapMs() / 2000.0, num(k, "acwSeconds"), 1e-9);
        assertTrue("the wrap-ups were counted: " + e, e.wrapMs() > 0);
        assertEquals(0.5, num(k, "transferRate"), 1e-9);
        assertEquals(e.loggedInMs() / 3_600_000.0, num(k, "loggedInHours"), 1e-9);
        assertEquals((double) e.handlingMs() / e.availableMs(), num(k, "occupancy"), 1e-9);
        assertEquals((double) e.handlingMs() / e.loggedInMs(), num(k, "utilisation"), 1e-9);
        assertEquals(2 / (e.loggedInMs() / 3_600_000.0), num(k, "callsPerHour"), 1e-6);
        // the period before: nothing, so no change can be given
        JsonNode cmp = r.get("comparison");
        assertEquals("PREVIOUS", cmp.get("compare").asText());
        assertEquals(0, cmp.get("total").get("offered").asInt());
        assertTrue(cmp.toString(), cmp.get("change").path("offered").isNull() || cmp.get("change").path("offered").isMissingNode());
        // by quarter-hour the same total (read from the quarter-hour rows, not the day rows)
        JsonNode quarters = report("sup", t, range.replaceFirst("from=[^&]+", "from=" + LocalDate.now(SHANGHAI).minusDays(1)) + "&granularity=MIN15").json;
        assertEquals(k.toString(), quarters.get("total").toString());
        assertTrue(quarters.get("rows").size() >= 1);
        assertTrue(quarters.get("rows").get(0).get("period").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:(00|15|30|45)"));
        // by agent: the surveyed call is hanna's, the transferred one the second agent's; abandons are nobody's
        JsonNode byAgent = report("sup", t, range + "&by=AGENT&granularity=MONTH").json.get("rows");
        Map<String, JsonNode> rows = new HashMap<>();
        byAgent.forEach(row -> rows.put(row.get("key").asText(), row));
        assertEquals(1, rows.get(users.get("hanna")).get("kpis").get("answered").asInt());
        assertTrue(rows.get(users.get("hanna")).toString(), rows.get(users.get("hanna")).path("label").isTextual());
        assertEquals(1, rows.get(users.get("second")).get("kpis").get("transferred").asInt());
        assertEquals(0, rows.get(users.get("first")).get("kpis").get("answered").asInt());
        assertTrue(num(rows.get(users.get("first")).get("kpis"), "loggedInHours") > 0);
        // by queue: the queue's display name
        JsonNode byQueue = report("sup", t, range + "&by=QUEUE").json.get("rows");
        assertTrue(byQueue.toString(), byQueue.size() >= 1);
        assertEquals("客服 Care", byQueue.get(0).get("label").asText());
        long queueOffered = 0;
        for (JsonNode row : byQueue) {
            queueOffered += row.get("kpis").get("offered").asLong();
        }
        assertEquals(4, queueOffered);
    }

    @Test
    public void b_aRebuildFromTheRawRowsGivesIdenticalFigures() {
        String before = report("sup", t, range + "&granularity=MIN15&by=AGENT").json.toString();
        String dayBefore = report("sup", t, range).json.get("total").toString();
        assertEquals(403, send("sup@" + t, PASSWORD, "POST", "/tenants/" + t + "/reports/rebuild?" + range, null).status);
        Answer rebuilt = send("adm@" + t, PASSWORD, "POST", "/tenants/" + t + "/reports/rebuild?" + range, null);
        assertEquals(rebuilt.toString(), 200, rebuilt.status);
        assertEquals(4, rebuilt.json.get("calls").asInt());
        assertTrue(rebuilt.toString(), rebuilt.json.get("stateChanges").asInt() > 6);
        assertEquals(before, report("sup", t, range + "&granularity=MIN15&by=AGENT").json.toString());
        assertEquals(dayBefore, report("sup", t, range).json.get("total").toString());
        // audited
        JsonNode audit = op("GET", "/tenants/" + t + "/audit?action=reports.", null).json;
        assertTrue(audit.toString(), audit.toString().contains("reports.rebuild"));
    }

    private HttpResponse<byte[]> download(String user, String tenant, String query) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/tenants/" + tenant + "/reports/kpis/export?" + query))
            .header("Authorization", basicAuth(user + "@" + tenant, PASSWORD)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    public void c_exportsCarryChineseHeadersAndTheSameFigures() throws Exception {
        HttpResponse<byte[]> csv = download("sup", t, range + "&format=csv&lang=zh-CN&compare=YEAR");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains(".csv"));
        byte[] b = csv.body();
        assertTrue("UTF-8 byte-order mark", (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF);
        String text = new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertTrue(lines[0], lines[0].startsWith("时段,分组,呼入量,接通量,放弃量"));
        assertTrue(text, text.contains("去年同期(同比)"));
        assertTrue(text, lines[lines.length - 3].startsWith("合计,"));
        assertEquals(lines[lines.length - 3], "4", lines[lines.length - 3].split(",")[2]);

        HttpResponse<byte[]> xlsx = download("sup", t, range + "&format=xlsx&lang=en");
        assertEquals(200, xlsx.statusCode());
        assertTrue(xlsx.headers().firstValue("Content-Type").orElse("").contains("spreadsheetml"));
        String sheet = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(xlsx.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    sheet = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertNotNull("a worksheet", sheet);
        assertTrue(sheet, sheet.contains("<t>Offered</t>"));
        assertTrue(sheet, sheet.contains("<t>Total</t>"));
        assertTrue(sheet, sheet.contains("<c r=\"C3\"><v>4</v></c>") || sheet.matches("(?s).*<c r=\"C\\d+\"><v>4</v></c>.*"));
        assertEquals(400, download("sup", t, range + "&format=pdf").statusCode());
    }

    @Test
    public void d_absurdQueriesAreRefusedNamingTheField() {
        String today = LocalDate.now(SHANGHAI).toString();
        String[][] cases = {
            {"from=" + today + "&to=2020-01-01", "from"},
            {"from=2024-01-01&to=" + today + "&granularity=MIN15", "to"},
            {"from=2020-01-01&to=" + today + "&granularity=DAY", "to"},
            {range + "&granularity=WEEKLY", "granularity"},
            {range + "&by=CITY", "by"},
            {range + "&queue=nope", "queue"},
            {range + "&team=nope", "team"},
            {"from=12/01/2026&to=" + today, "from"},
            {"to=" + today, "from"},
        };
        for (String[] c : cases) {
            Answer a = report("sup", t, c[0]);
            assertEquals(c[0] + " → " + a, 400, a.status);
            assertEquals(c[0] + " → " + a, c[1], a.json.get("field").asText());
        }
    }

    @Test
    public void e_reportsAreTheTenantsOwn() {
        // another company's supervisor reads none of it; its own reports are empty
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + t + "/reports/kpis?" + range, null).status);
        Answer own = report("bsup", other, range);
        assertEquals(own.toString(), 200, own.status);
        assertEquals(0, own.json.get("total").get("offered").asInt());
        assertEquals(0, own.json.get("rows").size());
        assertEquals(403, send("bsup@" + other, PASSWORD, "POST", "/tenants/" + t + "/reports/rebuild?" + range, null).status);
        // an agent reads their own figures, nobody else's
        assertEquals(200, report("hanna", t, range + "&agent=" + users.get("hanna")).status);
        assertEquals(1, report("hanna", t, range + "&agent=" + users.get("hanna")).json.get("total").get("answered").asInt());
        assertEquals(403, report("hanna", t, range + "&agent=" + users.get("second")).status);
        assertEquals(403, report("hanna", t, range).status);
        // the operator's summary names every company with calls; a company's administrator may not read it
        String dates = "from=" + LocalDate.now(SHANGHAI).minusDays(1) + "&to=" + LocalDate.now(SHANGHAI).plusDays(1);
        JsonNode summary = op("GET", "/reports/tenants?" + dates, null).json;
        boolean found = false;
        for (JsonNode s : summary) {
            assertTrue(s.toString(), !other.equals(s.get("tenantId").asText()));
            if (t.equals(s.get("tenantId").asText())) {
                found = true;
                assertEquals(4, s.get("kpis").get("offered").asInt());
                assertEquals(t + " 公司", s.get("displayName").asText());
            }
        }
        assertTrue(summary.toString(), found);
        assertEquals(403, send("adm@" + t, PASSWORD, "GET", "/reports/tenants?" + dates, null).status);
    }
}
