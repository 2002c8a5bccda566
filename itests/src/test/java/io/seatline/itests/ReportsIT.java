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
 * and tenant isolation are checked on the same data. Then workforce management on the same company: forecasts and
 * staffing from imported history (the Erlang C vector end to end), and schedules — the scheduler against a known
 * requirement, availability, edits, publishing, an agent's own schedule, CSV.
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

    @javax.inject.Inject
    private org.osgi.framework.BundleContext bundleContext;

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

    // ================================================================== forecasts and staffing

    private Answer csv(String user, String tenant, String path, String body) {
        return sendRequest(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json").header("Authorization", basicAuth(user + "@" + tenant, PASSWORD))
            .header("Content-Type", "text/csv; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private Answer forecast(String user, String tenant, String query) {
        return send(user + "@" + tenant, PASSWORD, "GET", "/tenants/" + tenant + "/forecasts?" + query, null);
    }

    /** The Monday of this week in Shanghai: the forecast's first day, its four weeks of history all in the past. */
    private static LocalDate monday() {
        LocalDate d = LocalDate.now(SHANGHAI);
        return d.minusDays(d.getDayOfWeek().getValue() - 1L);
    }

    private static JsonNode interval(JsonNode forecast, String start) {
        for (JsonNode i : forecast.get("intervals")) {
            if (i.get("start").asText().startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no interval " + start + " in " + forecast.get("intervals").size());
    }

    @Test
    public void f_aForecastNeedsThreeWeeksOfHistoryThenStaffsEachIntervalByErlangC() {
        assertEquals(200, op("PUT", "/tenants/" + t + "/queues/sales", "{\"displayName\":\"销售 Sales\",\"serviceLevelSeconds\":20}").status);
        LocalDate from = monday();
        // no history: refused, saying how many weeks are needed
        Answer none = forecast("sup", t, "queue=sales&from=" + from);
        assertEquals(none.toString(), 400, none.status);
        assertEquals("not_enough_history", none.json.get("code").asText());
        assertEquals("from", none.json.get("field").asText());
        assertTrue(none.toString(), none.json.get("message").asText().contains("0 whole week(s)") && none.json.get("message").asText().contains("3 needed"));
        // four identical weeks imported: every day 100 calls at 08:00 and 100 at 08:30, handled in 180 s; two bad rows
        StringBuilder file = new StringBuilder("start,calls,aht_seconds\n");
        for (LocalDate d = from.minusWeeks(4); d.isBefore(from); d = d.plusDays(1)) {
            file.append(d).append(" 08:00,100,180\n").append(d).append("T08:30,100,180\n");
        }
        file.append("yesterday 09:00,5,100\n").append(from.minusDays(1)).append(" 09:00,-3,100\n");
        Answer imported = csv("sup", t, "/tenants/" + t + "/forecasts/history?queue=sales&interval=30", file.toString());
        assertEquals(imported.toString(), 200, imported.status);
        assertEquals(58, imported.json.get("rows").asInt());
        assertEquals(56, imported.json.get("accepted").asInt());
        assertEquals(2, imported.json.get("rejected").size());
        assertEquals(58, imported.json.get("rejected").get(0).get("line").asInt());
        assertTrue(imported.toString(), imported.json.get("rejected").get(1).get("reason").asText().contains("calls"));

        // 100 calls in 30 min at 180 s = 10 Erlangs: 14 agents answer 80 % in 20 s (88.84 %, ASA 7.84 s, occupancy 71.4 %)
        Answer f = forecast("sup", t, "queue=sales&from=" + from + "&days=7&interval=30&serviceLevel=0.8&withinSeconds=20&maxOccupancy=1&shrinkage=0.3");
        assertEquals(f.toString(), 200, f.status);
        assertEquals(4, f.json.get("historyWeeks").asInt());
        assertEquals("Asia/Shanghai", f.json.get("zone").asText());
        assertEquals(7 * 48, f.json.get("intervals").size());
        JsonNode eight = interval(f.json, from + "T08:00");
        assertEquals(100.0, eight.get("calls").asDouble(), 0.01);
        assertEquals(180.0, eight.get("ahtSeconds").asDouble(), 0.05);
        assertEquals(10.0, eight.get("erlangs").asDouble(), 0.001);
        assertEquals(14, eight.get("onPhones").asInt());
        assertEquals(20, eight.get("scheduled").asInt()); // 14 ÷ (1 − 0.3), rounded up
        assertEquals(0.8884, eight.get("serviceLevel").asDouble(), 0.0001);
        assertEquals(7.84, eight.get("asaSeconds").asDouble(), 0.05);
        assertEquals(0.7143, eight.get("occupancy").asDouble(), 0.0001);
        assertEquals(from.atTime(8, 0).atZone(SHANGHAI).toInstant().toString(), eight.get("startsAt").asText());
        assertEquals(0, interval(f.json, from + "T12:00").get("onPhones").asInt());
        JsonNode day = f.json.get("days").get(0);
        assertEquals(200.0, day.get("calls").asDouble(), 0.1);
        assertEquals(14.0, day.get("agentHours").asDouble(), 0.01); // 14 agents × 2 half hours
        assertEquals(20, day.get("peakScheduled").asInt());
        // the last week forecast from the three before it: identical weeks, no error — and the naive baseline none either
        assertEquals(0.0, f.json.get("accuracy").get("wape").asDouble(), 0.0001);
        assertEquals(from.minusDays(7).toString(), f.json.get("accuracy").get("weekFrom").asText());
        // the occupancy ceiling binds: at most 70 % needs 15 agents
        assertEquals(15, interval(forecast("sup", t, "queue=sales&from=" + from + "&days=1&maxOccupancy=0.7").json, from + "T08:00").get("onPhones").asInt());

        // a campaign launch on Wednesday: +40 %
        LocalDate wednesday = from.plusDays(2);
        Answer adj = send("sup@" + t, PASSWORD, "POST", "/tenants/" + t + "/forecasts/adjustments",
            "{\"queue\":\"sales\",\"from\":\"" + wednesday + "\",\"to\":\"" + wednesday + "\",\"factor\":1.4,\"reason\":\"新品上市 launch\"}");
        assertEquals(adj.toString(), 201, adj.status);
        JsonNode adjusted = forecast("sup", t, "queue=sales&from=" + from + "&days=7&maxOccupancy=1").json;
        assertEquals(140.0, interval(adjusted, wednesday + "T08:00").get("calls").asDouble(), 0.01);
        assertEquals(100.0, interval(adjusted, from.plusDays(1) + "T08:00").get("calls").asDouble(), 0.01);
        assertEquals(1.4, adjusted.get("days").get(2).get("factor").asDouble(), 0.0001);
        assertEquals("新品上市 launch", adjusted.get("adjustments").get(0).get("reason").asText());
        assertTrue(interval(adjusted, wednesday + "T08:00").get("onPhones").asInt() > 14);
        String id = adj.json.get("id").asText();
        assertEquals(204, send("sup@" + t, PASSWORD, "DELETE", "/tenants/" + t + "/forecasts/adjustments/" + id, null).status);
        assertEquals(100.0, interval(forecast("sup", t, "queue=sales&from=" + from + "&days=7").json, wednesday + "T08:00").get("calls").asDouble(), 0.01);
        assertEquals(404, send("sup@" + t, PASSWORD, "DELETE", "/tenants/" + t + "/forecasts/adjustments/" + id, null).status);
        JsonNode audit = op("GET", "/tenants/" + t + "/audit?action=forecasts.", null).json;
        assertTrue(audit.toString(), audit.toString().contains("forecasts.adjustment.add") && audit.toString().contains("forecasts.history.import"));
    }

    @Test
    public void g_badForecastInputIsRefusedNamingTheField() {
        String from = "from=" + monday();
        String[][] cases = {
            {"from=" + monday(), "queue"},
            {"queue=nope&" + from, "queue"},
            {"queue=sales&" + from + "&days=0", "days"},
            {"queue=sales&" + from + "&days=43", "days"},
            {"queue=sales&" + from + "&interval=20", "intervalMinutes"},
            {"queue=sales&" + from + "&serviceLevel=abc", "serviceLevel"},
            {"queue=sales&" + from + "&serviceLevel=1.5", "serviceLevel"},
            {"queue=sales&" + from + "&shrinkage=0.95", "shrinkage"},
            {"queue=sales&" + from + "&maxAbandonRate=0.05", "patienceSeconds"},
            {"queue=sales&from=2026-13-01", "from"},
        };
        for (String[] c : cases) {
            Answer a = forecast("sup", t, c[0]);
            assertEquals(c[0] + " → " + a, 400, a.status);
            assertEquals(c[0] + " → " + a, c[1], a.json.get("field").asText());
        }
        String[][] adjustments = {
            {"{\"queue\":\"sales\",\"from\":\"2026-12-10\",\"to\":\"2026-12-09\",\"factor\":1.2}", "to"},
            {"{\"queue\":\"sales\",\"from\":\"2026-12-10\",\"to\":\"2026-12-10\",\"factor\":-1}", "factor"},
            {"{\"queue\":\"nope\",\"from\":\"2026-12-10\",\"to\":\"2026-12-10\",\"factor\":1.2}", "queue"},
        };
        for (String[] c : adjustments) {
            Answer a = send("sup@" + t, PASSWORD, "POST", "/tenants/" + t + "/forecasts/adjustments", c[0]);
            assertEquals(c[0] + " → " + a, 400, a.status);
            assertEquals(c[0] + " → " + a, c[1], a.json.get("field").asText());
        }
        Answer header = csv("sup", t, "/tenants/" + t + "/forecasts/history?queue=sales", "when,how many\n2026-11-02 08:00,3\n");
        assertEquals(header.toString(), 400, header.status);
        assertEquals("file", header.json.get("field").asText());
        // with Erlang A (callers' patience 60 s) an abandon ceiling is met, with fewer agents than Erlang C asks
        Answer a = forecast("sup", t, "queue=sales&" + from + "&days=1&patienceSeconds=60&maxAbandonRate=0.05&maxOccupancy=1");
        assertEquals(a.toString(), 200, a.status);
        int erlangA = interval(a.json, monday() + "T08:00").get("onPhones").asInt();
        assertTrue("Erlang A " + erlangA, erlangA > 0 && erlangA <= 14);
        assertTrue(interval(a.json, monday() + "T08:00").get("abandonRate").asDouble() <= 0.05);
    }

    @Test
    public void h_forecastsAreTheTenantsOwn() {
        String q = "queue=sales&from=" + monday();
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + t + "/forecasts?" + q, null).status);
        assertEquals(403, csv("bsup", other, "/tenants/" + t + "/forecasts/history?queue=sales", "start,calls,aht_seconds\n").status);
        // the other company has no queue sales: its own forecast refuses it, it does not read this one's
        Answer own = forecast("bsup", other, q);
        assertEquals(own.toString(), 400, own.status);
        assertEquals("queue", own.json.get("field").asText());
        assertEquals(0, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + other + "/forecasts/adjustments", null).json.size());
        // an agent does not forecast
        assertEquals(403, forecast("hanna", t, q).status);
    }

    // ================================================================== schedules

    private Answer as(String user, String method, String path, String body) {
        return send(user + "@" + t, PASSWORD, method, "/tenants/" + t + "/schedules" + path, body);
    }

    @Test
    public void i_theSchedulerCoversAKnownRequirementAndTheSupervisorEditsAndPublishes() {
        LocalDate from = monday();
        LocalDate to = from.plusDays(6);
        String week = "from=" + from + "&to=" + to;
        // a chat queue: 2 calls every half hour from 09:00 to 13:00, handled in 600 s — 0.67 Erlang, which 2 agents answer
        // 80 % in 20 s (84.1 %) and 1 agent does not (34 %): 2 agents 09:00-13:00 every day
        assertEquals(200, op("PUT", "/tenants/" + t + "/queues/chat", "{\"displayName\":\"在线 Chat\",\"serviceLevelSeconds\":20}").status);
        StringBuilder file = new StringBuilder("start,calls,aht_seconds\n");
        for (LocalDate d = from.minusWeeks(4); d.isBefore(from); d = d.plusDays(1)) {
            for (int h = 9; h < 13; h++) {
                file.append(d).append(' ').append(String.format("%02d", h)).append(":00,2,600\n").append(d).append(' ')
                    .append(String.format("%02d", h)).append(":30,2,600\n");
            }
        }
        assertEquals(224, csv("sup", t, "/tenants/" + t + "/forecasts/history?queue=chat", file.toString()).json.get("accepted").asInt());
        // templates: a morning shift of four hours; nonsense refused naming the field
        Answer bad = as("sup", "PUT", "/templates/late", "{\"earliestStart\":\"10:00\",\"latestStart\":\"09:00\",\"minutes\":240,\"breaks\":[]}");
        assertEquals(bad.toString(), 400, bad.status);
        assertEquals("latestStart", bad.json.get("field").asText());
        bad = as("sup", "PUT", "/templates/late", "{\"earliestStart\":\"09:00\",\"latestStart\":\"09:00\",\"minutes\":240,"
            + "\"breaks\":[{\"activity\":\"LUNCH\",\"minutes\":60,\"earliestAfterStart\":200,\"latestAfterStart\":220,\"paid\":false}]}");
        assertEquals(bad.toString(), "breaks", bad.json.get("field").asText());
        Answer morning = as("sup", "PUT", "/templates/morning", "{\"earliestStart\":\"09:00\",\"latestStart\":\"09:00\",\"minutes\":240,\"breaks\":[]}");
        assertEquals(morning.toString(), 200, morning.status);
        // hanna works Monday to Friday only
        String hanna = users.get("hanna");
        Answer avail = as("sup", "PUT", "/availability/" + hanna, "{\"days\":{\"MON\":\"08:00-18:00\",\"TUE\":\"08:00-18:00\",\"WED\":\"08:00-18:00\","
            + "\"THU\":\"08:00-18:00\",\"FRI\":\"08:00-18:00\"},\"maxDaysPerWeek\":5,\"minRestMinutes\":660}");
        assertEquals(avail.toString(), 200, avail.status);
        assertEquals(400, as("sup", "PUT", "/availability/" + hanna, "{\"days\":{\"MON\":\"18:00-08:00\"},\"maxDaysPerWeek\":5,\"minRestMinutes\":0}").status);
        assertEquals(3, as("sup", "GET", "/availability", null).json.size());

        // the run: 14 shifts of 4 h for 3 agents, exactly the requirement — no deficit, no overstaffing, at the bound
        Answer started = as("sup", "POST", "/runs", "{\"queue\":\"chat\",\"from\":\"" + from + "\",\"days\":7,\"intervalMinutes\":30,"
            + "\"target\":{\"serviceLevel\":0.8,\"withinSeconds\":20,\"maxOccupancy\":1,\"shrinkage\":0}}");
        assertEquals(started.toString(), 202, started.status);
        String runId = started.json.get("id").asText();
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            run[0] = as("sup", "GET", "/runs/" + runId, null).json;
            return !"RUNNING".equals(run[0].get("status").asText());
        });
        assertEquals(run[0].toString(), "DONE", run[0].get("status").asText());
        assertEquals(run[0].toString(), 14, run[0].get("shifts").asInt());
        assertEquals(run[0].toString(), 0, run[0].get("unassigned").asInt());
        assertEquals(run[0].toString(), 0.0, run[0].get("deficitHours").asDouble(), 0.001);
        assertEquals(run[0].toString(), 0.0, run[0].get("overstaffHours").asDouble(), 0.001);
        assertEquals(run[0].toString(), 56.0, run[0].get("paidHours").asDouble(), 0.001);
        assertEquals(run[0].toString(), 0.0, run[0].get("gap").asDouble(), 0.0001);
        JsonNode coverage = as("sup", "GET", "/coverage?queue=chat&" + week, null).json;
        assertEquals(coverage.toString(), 0.0, coverage.get("deficitHours").asDouble(), 0.001);
        int nine = 18; // 09:00 of Monday among the half hours
        assertEquals(2, coverage.get("required").get(nine).asInt());
        assertEquals(2, coverage.get("scheduled").get(nine).asInt());
        assertEquals(0, coverage.get("scheduled").get(nine - 1).asInt());
        JsonNode hannas = as("sup", "GET", "/shifts?" + week + "&agent=" + hanna, null).json;
        assertTrue(hannas.toString(), hannas.size() > 0 && hannas.size() <= 5);
        for (JsonNode s : hannas) {
            assertTrue(s.toString(), LocalDate.parse(s.get("start").asText().substring(0, 10)).getDayOfWeek().getValue() <= 5);
            assertEquals("DRAFT", s.get("status").asText());
        }

        // nobody sees drafts as their schedule; published, hanna sees hers
        assertEquals(0, send("hanna@" + t, PASSWORD, "GET", "/tenants/" + t + "/schedules/mine?" + week, null).json.size());
        Answer published = as("sup", "POST", "/publish?" + week, null);
        assertEquals(published.toString(), 14, published.json.get("shifts").asInt());
        JsonNode mine = send("hanna@" + t, PASSWORD, "GET", "/tenants/" + t + "/schedules/mine?" + week, null).json;
        assertEquals(hannas.size(), mine.size());
        assertEquals("PUBLISHED", mine.get(0).get("status").asText());
        assertEquals(403, send("hanna@" + t, PASSWORD, "GET", "/tenants/" + t + "/schedules/shifts?" + week, null).status);

        // edits: onto a day hanna is not available, onto another of her shifts — refused; 30 minutes later — taken
        JsonNode shift = hannas.get(0);
        LocalDate saturday = from.plusDays(5);
        Answer weekend = as("sup", "PUT", "/shifts/" + shift.get("id").asText(), "{\"agentUserId\":\"" + hanna + "\",\"start\":\"" + saturday
            + "T09:00\",\"end\":\"" + saturday + "T13:00\"}");
        assertEquals(weekend.toString(), 400, weekend.status);
        assertEquals("outside_availability", weekend.json.get("code").asText());
        assertEquals("start", weekend.json.get("field").asText());
        // a second draft for hanna the same afternoon; moving her morning shift onto it is refused
        String otherDay = hannas.get(hannas.size() - 1).get("start").asText().substring(0, 10);
        Answer extra = as("sup", "POST", "/shifts", "{\"agentUserId\":\"" + hanna + "\",\"start\":\"" + otherDay + "T14:00\",\"end\":\"" + otherDay
            + "T17:00\",\"activities\":[{\"kind\":\"TRAINING\",\"from\":\"" + otherDay + "T14:00\",\"to\":\"" + otherDay + "T17:00\"}]}");
        assertEquals(extra.toString(), 201, extra.status);
        Answer clash = as("sup", "PUT", "/shifts/" + shift.get("id").asText(), "{\"agentUserId\":\"" + hanna + "\",\"start\":\"" + otherDay
            + "T15:00\",\"end\":\"" + otherDay + "T18:00\"}");
        assertEquals(clash.toString(), "overlapping", clash.json.get("code").asText());
        assertEquals(204, as("sup", "DELETE", "/shifts/" + extra.json.get("id").asText(), null).status);
        assertEquals(404, as("sup", "DELETE", "/shifts/" + extra.json.get("id").asText(), null).status);
        String day = shift.get("start").asText().substring(0, 10);
        Answer later = as("sup", "PUT", "/shifts/" + shift.get("id").asText(), "{\"agentUserId\":\"" + hanna + "\",\"template\":\"morning\",\"start\":\""
            + day + "T09:30\",\"end\":\"" + day + "T13:30\",\"activities\":[{\"kind\":\"CALLS\",\"from\":\"" + day + "T09:30\",\"to\":\""
            + day + "T12:00\"},{\"kind\":\"BREAK\",\"from\":\"" + day + "T12:00\",\"to\":\"" + day + "T12:15\"},{\"kind\":\"CALLS\",\"from\":\""
            + day + "T12:15\",\"to\":\"" + day + "T13:30\"}]}");
        assertEquals(later.toString(), 200, later.status);
        assertEquals("DRAFT", later.json.get("status").asText());
        assertEquals(3, later.json.get("activities").size());
        Answer outside = as("sup", "PUT", "/shifts/" + shift.get("id").asText(), "{\"agentUserId\":\"" + hanna + "\",\"start\":\"" + day
            + "T09:30\",\"end\":\"" + day + "T13:30\",\"activities\":[{\"kind\":\"NAP\",\"from\":\"" + day + "T09:30\",\"to\":\"" + day + "T10:00\"}]}");
        assertEquals(outside.toString(), "activities", outside.json.get("field").asText());
        // the moved shift counts where it now is: 09:00 of that day is one short
        JsonNode moved = as("sup", "GET", "/coverage?queue=chat&from=" + day + "&to=" + day, null).json;
        assertEquals(1, moved.get("scheduled").get(18).asInt());

        // CSV: exported and imported again — the published shifts come back as drafts that replace them when published;
        // the one draft (hanna's moved shift) clashes with itself and is refused
        String exported = new String(bytes("sup", t, "/tenants/" + t + "/schedules/shifts/export?" + week), StandardCharsets.UTF_8);
        assertTrue(exported, exported.startsWith("\uFEFFagent,date,start,end,template,status,activities"));
        assertEquals(exported, 15, exported.strip().split("\r\n").length);
        Answer again = csv("sup", t, "/tenants/" + t + "/schedules/shifts/import", exported);
        assertEquals(again.toString(), 14, again.json.get("rows").asInt());
        assertEquals(again.toString(), 13, again.json.get("accepted").asInt());
        assertTrue(again.toString(), again.json.get("rejected").get(0).get("reason").asText().contains("already works"));
        assertEquals(27, as("sup", "GET", "/shifts?" + week, null).json.size());
        // coverage counts a published shift and the draft that will replace it once
        assertEquals(1, as("sup", "GET", "/coverage?queue=chat&from=" + day + "&to=" + day, null).json.get("scheduled").get(18).asInt());
        assertEquals(14, as("sup", "POST", "/publish?" + week, null).json.get("shifts").asInt());
        JsonNode after = as("sup", "GET", "/shifts?" + week, null).json;
        assertEquals(after.toString(), 14, after.size());
        after.forEach(x -> assertEquals("PUBLISHED", x.get("status").asText()));
        String audit = op("GET", "/tenants/" + t + "/audit?action=schedules.", null).json.toString();
        assertTrue(audit, audit.contains("schedules.run") && audit.contains("schedules.publish") && audit.contains("schedules.shift.save"));
        // another company's supervisor sees none of it
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + t + "/schedules/shifts?" + week, null).status);
        assertEquals(0, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + other + "/schedules/templates", null).json.size());
    }

    // ================================================================== adherence

    /** Waits for the wall clock to pass {@code t} (the agents act at set moments of their shift). */
    private static void awaitTime(Instant t) {
        await().atMost(Duration.between(Instant.now(), t).plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !Instant.now().isBefore(t));
    }

    private Answer adh(String user, String tenant, String method, String path, String body) {
        return send(user + "@" + tenant, PASSWORD, method, "/tenants/" + tenant + "/adherence" + path, body);
    }

    private static Instant at(JsonNode history, String state, String reason, Instant after) {
        for (JsonNode h : history) {
            Instant when = Instant.parse(h.get("at").asText());
            if (state.equals(h.get("state").asText()) && (reason == null || reason.equals(h.path("reason").asText())) && !when.isBefore(after)) {
                return when;
            }
        }
        throw new AssertionError("no " + state + " after " + after + " in " + history);
    }

    private static long seconds(Instant a, Instant b) {
        return Duration.between(a, b).toSeconds();
    }

    private static void near(String what, long expected, JsonNode actual) {
        assertTrue(what + ": expected " + expected + " ± 1, was " + actual, Math.abs(expected - actual.asLong()) <= 1);
    }

    /**
     * Adherence from real state events: a three-minute shift (calls, a break, calls) published for two agents with
     * registered phones, tolerances of 20 s. Ann logs in 30 s late and comes back from her break 40 s late (an approved
     * exception covers it); Ben is on time and leaves 30 s early. The live view is read while each is out; the day is
     * read on an injected clock at the shift's end and compared with figures computed here from the state histories.
     */
    @Test
    public void j_adherenceFromRealStateEventsWithToleranceMappingAndAnApprovedException() {
        String a = createTenant("adh", 4, 0);
        Agent ann = phone(a, "ann", "[\"agent\"]", "{}", "agent.xml", 100, false);
        Agent ben = phone(a, "ben", "[\"agent\"]", "{}", "agent.xml", 100, false);
        createUser(a, "asup", "[\"supervisor\"]");
        // settings: bad input named, then 20 s for every activity
        Answer bad = adh("asup", a, "PUT", "/settings", "{\"mapping\":{\"BREAK\":[\"NOT_READY:smoking\"]},\"toleranceSeconds\":{}}");
        assertEquals(bad.toString(), 400, bad.status);
        assertEquals("mapping", bad.json.get("field").asText());
        JsonNode defaults = adh("asup", a, "GET", "/settings", null).json;
        assertEquals(300, defaults.get("toleranceSeconds").get("CALLS").asInt());
        StringBuilder tol = new StringBuilder();
        for (String act : new String[] {"CALLS", "BREAK", "LUNCH", "TRAINING", "MEETING", "BACK_OFFICE"}) {
            tol.append(tol.length() == 0 ? "" : ",").append('"').append(act).append("\":20");
        }
        Answer saved = adh("asup", a, "PUT", "/settings", "{\"mapping\":" + defaults.get("mapping") + ",\"toleranceSeconds\":{" + tol + "}}");
        assertEquals(saved.toString(), 200, saved.status);
        // the shift starts at a whole minute at least 20 s away, and ends by midnight (Shanghai)
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
            .until(() -> Instant.now().plusSeconds(300).atZone(SHANGHAI).toLocalDate().equals(LocalDate.now(SHANGHAI)));
        java.time.LocalDateTime m = java.time.LocalDateTime.now(SHANGHAI).plusSeconds(80).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant start = m.atZone(SHANGHAI).toInstant();
        String today = m.toLocalDate().toString();
        for (Agent x : new Agent[] {ann, ben}) {
            Answer shift = send("asup@" + a, PASSWORD, "POST", "/tenants/" + a + "/schedules/shifts", "{\"agentUserId\":\"" + x.userId()
                + "\",\"start\":\"" + m + "\",\"end\":\"" + m.plusMinutes(3) + "\",\"activities\":[{\"kind\":\"CALLS\",\"from\":\"" + m
                + "\",\"to\":\"" + m.plusMinutes(1) + "\"},{\"kind\":\"BREAK\",\"from\":\"" + m.plusMinutes(1) + "\",\"to\":\"" + m.plusMinutes(2)
                + "\"},{\"kind\":\"CALLS\",\"from\":\"" + m.plusMinutes(2) + "\",\"to\":\"" + m.plusMinutes(3) + "\"}]}");
            assertEquals(shift.toString(), 201, shift.status);
        }
        Answer published = send("asup@" + a, PASSWORD, "POST", "/tenants/" + a + "/schedules/publish?from=" + today + "&to=" + today, null);
        assertEquals(published.toString(), 2, published.json.get("shifts").asInt());
        // an exception for time that is not scheduled, or ending before it starts, or without a reason: refused
        Answer unscheduled = adh("ann", a, "POST", "/exceptions", "{\"from\":\"" + m.plusMinutes(10) + "\",\"to\":\"" + m.plusMinutes(11)
            + "\",\"reason\":\"meeting\"}");
        assertEquals(unscheduled.toString(), "not_scheduled", unscheduled.json.get("code").asText());
        assertEquals("from", unscheduled.json.get("field").asText());
        assertEquals("to", adh("ann", a, "POST", "/exceptions", "{\"from\":\"" + m.plusMinutes(2) + "\",\"to\":\"" + m.plusMinutes(1)
            + "\",\"reason\":\"x\"}").json.get("field").asText());
        assertEquals("reason", adh("ann", a, "POST", "/exceptions", "{\"from\":\"" + m.plusMinutes(2) + "\",\"to\":\"" + m.plusMinutes(3)
            + "\"}").json.get("field").asText());

        // ben logs in 10 s early and is ready; ann is not there
        awaitTime(start.minusSeconds(10));
        assertEquals(200, send(ben.login(), PASSWORD, "POST", "/tenants/" + a + "/agents/" + ben.userId() + "/login", "{}").status);
        assertEquals(200, send(ben.login(), PASSWORD, "PUT", "/tenants/" + a + "/agents/" + ben.userId() + "/state", "{\"state\":\"READY\"}").status);
        // 25 s in: ann is out of adherence since the shift's start (past the tolerance), ben is in
        awaitTime(start.plusSeconds(25));
        JsonNode live = adh("asup", a, "GET", "/live", null).json.get("agents");
        assertEquals(live.toString(), 2, live.size());
        assertEquals(live.toString(), start, Instant.parse(live.get(0).get("outSince").asText()));
        assertEquals("CALLS", live.get(0).get("scheduled").asText());
        assertEquals("LOGGED_OUT", live.get(0).get("state").asText());
        assertTrue(live.toString(), live.get(1).get("inAdherence").asBoolean());
        // 30 s in: ann logs in and is ready
        awaitTime(start.plusSeconds(30));
        assertEquals(200, send(ann.login(), PASSWORD, "POST", "/tenants/" + a + "/agents/" + ann.userId() + "/login", "{}").status);
        assertEquals(200, send(ann.login(), PASSWORD, "PUT", "/tenants/" + a + "/agents/" + ann.userId() + "/state", "{\"state\":\"READY\"}").status);
        // the break: both on time
        awaitTime(start.plusSeconds(60));
        for (Agent x : new Agent[] {ann, ben}) {
            assertEquals(200, send(x.login(), PASSWORD, "PUT", "/tenants/" + a + "/agents/" + x.userId() + "/state",
                "{\"state\":\"NOT_READY\",\"reason\":\"break\"}").status);
        }
        awaitTime(start.plusSeconds(120));
        assertEquals(200, send(ben.login(), PASSWORD, "PUT", "/tenants/" + a + "/agents/" + ben.userId() + "/state", "{\"state\":\"READY\"}").status);
        // 25 s after the break: ann still on it — out of adherence since its end
        awaitTime(start.plusSeconds(145));
        live = adh("asup", a, "GET", "/live", null).json.get("agents");
        assertEquals(live.toString(), start.plusSeconds(120), Instant.parse(live.get(0).get("outSince").asText()));
        assertEquals("NOT_READY", live.get(0).get("state").asText());
        assertEquals("break", live.get(0).get("reason").asText());
        assertTrue(live.toString(), live.get(1).get("inAdherence").asBoolean());
        // ben leaves 30 s early; ann is back 40 s late
        awaitTime(start.plusSeconds(150));
        assertEquals(200, send(ben.login(), PASSWORD, "POST", "/tenants/" + a + "/agents/" + ben.userId() + "/logout", null).status);
        awaitTime(start.plusSeconds(160));
        assertEquals(200, send(ann.login(), PASSWORD, "PUT", "/tenants/" + a + "/agents/" + ann.userId() + "/state", "{\"state\":\"READY\"}").status);

        // ann asks for an exception (the system was down), the supervisor approves it; ann may not decide, nor twice
        Answer asked = adh("ann", a, "POST", "/exceptions", "{\"from\":\"" + m.plusMinutes(2) + "\",\"to\":\"" + m.plusMinutes(2).plusSeconds(45)
            + "\",\"reason\":\"系统故障 system outage\",\"note\":\"CRM 无法打开\"}");
        assertEquals(asked.toString(), 201, asked.status);
        assertEquals("PENDING", asked.json.get("status").asText());
        String id = asked.json.get("id").asText();
        assertEquals(403, adh("ann", a, "POST", "/exceptions/" + id + "/decision", "{\"approve\":true}").status);
        assertEquals(403, adh("ann", a, "GET", "/agents/" + ben.userId(), null).status);
        Answer approved = adh("asup", a, "POST", "/exceptions/" + id + "/decision", "{\"approve\":true,\"note\":\"已确认\"}");
        assertEquals(approved.toString(), "APPROVED", approved.json.get("status").asText());
        assertEquals(409, adh("asup", a, "POST", "/exceptions/" + id + "/decision", "{\"approve\":false}").status);

        // the day, read on a clock stopped at the shift's end, against the state histories
        Instant end = start.plusSeconds(180);
        org.osgi.framework.ServiceRegistration<java.time.Clock> clock = bundleContext.registerService(java.time.Clock.class,
            java.time.Clock.fixed(end, java.time.ZoneOffset.UTC), new java.util.Hashtable<>(Map.of("seatline.clock", "true")));
        try {
            JsonNode annH = op("GET", "/tenants/" + a + "/agents/" + ann.userId() + "/history?from=2020-01-01T00:00:00Z&limit=100", null).json;
            JsonNode benH = op("GET", "/tenants/" + a + "/agents/" + ben.userId() + "/history?from=2020-01-01T00:00:00Z&limit=100", null).json;
            Instant annLogin = at(annH, "NOT_READY", "login", start);
            Instant annReady = at(annH, "READY", null, annLogin);
            Instant annBack = at(annH, "READY", null, start.plusSeconds(150));
            Instant benLogout = at(benH, "LOGGED_OUT", null, start.plusSeconds(140));
            JsonNode day = adh("asup", a, "GET", "/day?date=" + today, null).json;
            assertEquals(day.toString(), 2, day.get("agents").size());
            JsonNode annF = day.get("agents").get(0).get("figures");
            JsonNode benF = day.get("agents").get(1).get("figures");
            assertEquals(180, annF.get("scheduledSeconds").asLong());
            // ann: out from the start until she was ready (late past the tolerance: all of it), the long break excepted
            near("ann late", seconds(start, annLogin), annF.get("lateSeconds"));
            near("ann out", seconds(start, annReady), annF.get("outOfAdherenceSeconds"));
            near("ann excepted", seconds(start.plusSeconds(120), annBack), annF.get("exceptedSeconds"));
            near("ann logged in", seconds(annLogin, end), annF.get("loggedInSeconds"));
            assertEquals(0, annF.get("earlyLeaveSeconds").asLong());
            // ben: in adherence until he left; out from then, and that is early leave
            assertEquals(0, benF.get("lateSeconds").asLong());
            near("ben out", seconds(benLogout, end), benF.get("outOfAdherenceSeconds"));
            near("ben early leave", seconds(benLogout, end), benF.get("earlyLeaveSeconds"));
            near("ben logged in", seconds(start, benLogout), benF.get("loggedInSeconds"));
            double annAdherence = (180.0 - annF.get("outOfAdherenceSeconds").asLong()) / 180.0;
            assertEquals(annAdherence, annF.get("adherence").asDouble(), 0.006);
            JsonNode total = day.get("total").get("figures");
            assertEquals(360, total.get("scheduledSeconds").asLong());
            assertEquals(annF.get("outOfAdherenceSeconds").asLong() + benF.get("outOfAdherenceSeconds").asLong(), total.get("outOfAdherenceSeconds").asLong());
            // ann sees her own day: schedule, states, the one stretch out of adherence left and her exception
            JsonNode mine = adh("ann", a, "GET", "/mine?date=" + today, null).json;
            assertEquals(mine.toString(), 3, mine.get("schedule").size());
            assertEquals("APPROVED", mine.get("exceptions").get(0).get("status").asText());
            assertEquals("系统故障 system outage", mine.get("exceptions").get(0).get("reason").asText());
            assertTrue(mine.toString(), mine.get("violations").size() >= 1);
            assertEquals("CALLS", mine.get("violations").get(0).get("scheduled").asText());
            assertEquals("LOGGED_OUT", mine.get("violations").get(0).get("actual").asText());
        } finally {
            clock.unregister();
        }
        String audit = op("GET", "/tenants/" + a + "/audit?action=adherence.", null).json.toString();
        assertTrue(audit, audit.contains("adherence.settings.save") && audit.contains("adherence.exception.approve"));
        // isolation: another company's supervisor reads none of it, and its ids mean nothing there
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + a + "/adherence/day?date=" + today, null).status);
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + a + "/adherence/live", null).status);
        assertEquals(0, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + other + "/adherence/exceptions?from=" + today + "&to=" + today, null)
            .json.size());
        assertEquals(404, send("bsup@" + other, PASSWORD, "POST", "/tenants/" + other + "/adherence/exceptions/" + id + "/decision",
            "{\"approve\":false}").status);
    }

    // ================================================================== reports by e-mail

    private Answer schedules(String user, String tenant, String method, String path, String body) {
        return send(user + "@" + tenant, PASSWORD, method, "/tenants/" + tenant + "/report-schedules" + path, body);
    }

    private org.osgi.framework.ServiceRegistration<java.time.Clock> clockAt(Instant at) {
        return bundleContext.registerService(java.time.Clock.class, java.time.Clock.fixed(at, java.time.ZoneOffset.UTC),
            new java.util.Hashtable<>(Map.of("seatline.clock", "true")));
    }

    /**
     * A daily report mailed by the Camel route to a real SMTP server (GreenMail): scheduled at midnight on a clock stopped
     * just before it, then the clock moved past it — the mail arrives with the day's report attached as XLSX with Chinese
     * headers, whose offered calls equal the report's; "send now" mails it again; without an SMTP server the schedule
     * shows the error. Bad input is refused naming the field, and another company sees none of it.
     */
    @Test
    public void k_aScheduledReportIsMailedByTheRouteWithItsWorkbook() throws Exception {
        String base = "{\"name\":\"日报 Daily\",\"cadence\":\"DAILY\",\"hour\":0,\"granularity\":\"DAY\",\"by\":\"QUEUE\",\"format\":\"xlsx\","
            + "\"language\":\"zh-CN\",\"recipients\":[";
        assertEquals("recipients", schedules("sup", t, "POST", "", base + "\"boss.example.com\"]}").json.get("field").asText());
        assertEquals("hour", schedules("sup", t, "POST", "", base.replace("\"hour\":0", "\"hour\":24") + "\"boss@example.com\"]}").json.get("field").asText());
        assertEquals("queue", schedules("sup", t, "POST", "", base.replace("\"DAILY\",", "\"DAILY\",\"queue\":\"nope\",") + "\"boss@example.com\"]}")
            .json.get("field").asText());
        assertEquals(403, schedules("hanna", t, "POST", "", base + "\"boss@example.com\"]}").status);
        // the day of the fixture's calls, and the report's offered calls that day
        LocalDate day = Instant.parse(op("GET", "/tenants/" + t + "/cdrs?limit=500", null).json.get("items").get(0).get("offeredAt").asText())
            .atZone(SHANGHAI).toLocalDate();
        long offered = report("sup", t, "from=" + day + "&to=" + day).json.get("total").get("offered").asLong();
        assertTrue("the fixture's calls", offered > 0);
        Instant midnight = day.plusDays(1).atStartOfDay(SHANGHAI).toInstant();

        org.osgi.service.cm.Configuration mailCfg = bundleContext.getService(bundleContext.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class))
            .getConfiguration("seatline.mail", null);
        org.osgi.framework.ServiceRegistration<java.time.Clock> clock = clockAt(midnight.minusSeconds(60));
        String id;
        try (MailSink smtp = MailSink.start()) {
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put("smtp.host", "127.0.0.1");
            props.put("smtp.port", Integer.toString(smtp.smtpPort()));
            props.put("from", "reports@seatline.test");
            mailCfg.update(props);
            Answer created = schedules("sup", t, "POST", "", base + "\"boss@example.com\",\"ops@example.com\"]}");
            assertEquals(created.toString(), 201, created.status);
            id = created.json.get("id").asText();
            assertEquals(midnight, Instant.parse(created.json.get("nextAt").asText()));
            // the clock passes midnight: the route's next look (every 10 s) sends the day's report
            clock.unregister();
            clock = clockAt(midnight.plusSeconds(5));
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> !smtp.messages("boss@example.com").isEmpty());
            javax.mail.internet.MimeMessage m = new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(smtp.messages("boss@example.com").get(0).getBytes(StandardCharsets.ISO_8859_1)));
            assertEquals("Seatline 定时报表：日报 Daily（" + day + "）", m.getSubject());
            assertEquals("reports@seatline.test", m.getFrom()[0].toString());
            assertEquals(1, smtp.messages("ops@example.com").size());
            javax.mail.internet.MimeMultipart parts = new javax.mail.internet.MimeMultipart(m.getDataHandler().getDataSource());
            String text = new String(parts.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text, text.contains("日报 Daily") && text.contains("Asia/Shanghai"));
            javax.mail.BodyPart file = parts.getBodyPart(1);
            assertTrue(file.getFileName(), javax.mail.internet.MimeUtility.decodeText(file.getFileName()).endsWith(".xlsx"));
            String sheet = null;
            try (ZipInputStream zip = new ZipInputStream(file.getInputStream())) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                        sheet = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
            assertNotNull("a worksheet", sheet);
            assertTrue(sheet, sheet.contains("<t>呼入量</t>") && sheet.contains("<t>合计</t>"));
            assertTrue(sheet, sheet.matches("(?s).*<c r=\"C\\d+\"><v>" + offered + "</v></c>.*"));
            JsonNode after = await().atMost(Duration.ofSeconds(10)).until(() -> schedules("sup", t, "GET", "", null).json.get(0),
                x -> x.hasNonNull("lastSentAt"));
            assertEquals(day + ".." + day, after.get("lastPeriod").asText());
            assertTrue(after.toString(), after.get("lastError").isNull());
            assertEquals(midnight.plus(Duration.ofDays(1)), Instant.parse(after.get("nextAt").asText()));
            // send now: the same report again, within the route's next look
            assertEquals(200, schedules("sup", t, "POST", "/" + id + "/send", null).status);
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> smtp.messages("boss@example.com").size() == 2);
        } finally {
            clock.unregister();
            mailCfg.delete();
        }
        // no SMTP server: the schedule says why nothing went out
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            org.osgi.framework.ServiceReference<io.seatline.core.Mailer> r = bundleContext.getServiceReference(io.seatline.core.Mailer.class);
            return r != null && !bundleContext.getService(r).configured();
        });
        assertEquals(200, schedules("sup", t, "POST", "/" + id + "/send", null).status);
        JsonNode failed = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
            .until(() -> schedules("sup", t, "GET", "", null).json.get(0), x -> x.hasNonNull("lastError"));
        assertTrue(failed.toString(), failed.get("lastError").asText().contains("SMTP"));
        String audit = op("GET", "/tenants/" + t + "/audit?action=reports.schedule", null).json.toString();
        assertTrue(audit, audit.contains("reports.schedule.save") && audit.contains("reports.schedule.send"));
        // another company's supervisor sees none of it
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + t + "/report-schedules", null).status);
        assertEquals(0, schedules("bsup", other, "GET", "", null).json.size());
        assertEquals(404, schedules("bsup", other, "POST", "/" + id + "/send", null).status);
        assertEquals(204, schedules("sup", t, "DELETE", "/" + id, null).status);
    }

    /**
     * The scorecard (绩效考核) of the month of the fixture's calls: weights that do not add up to 100 are refused; with AHT
     * and CSAT weighted 50/50 (targets 60 s and 5), each agent's points and score equal those computed here from the
     * month's KPI report by agent; an agent sees only their own row; another company sees nothing.
     */
    @Test
    public void l_theScorecardWeighsEachAgentsFiguresAgainstTheTargets() {
        Answer bad = send("sup@" + t, PASSWORD, "PUT", "/tenants/" + t + "/scorecard/weights", "{\"weights\":{\"AHT\":50,\"CSAT\":40}}");
        assertEquals(bad.toString(), 400, bad.status);
        assertEquals("weights", bad.json.get("field").asText());
        Answer saved = send("sup@" + t, PASSWORD, "PUT", "/tenants/" + t + "/scorecard/weights",
            "{\"weights\":{\"AHT\":50,\"CSAT\":50},\"targets\":{\"AHT\":60,\"CSAT\":5}}");
        assertEquals(saved.toString(), 200, saved.status);
        LocalDate day = Instant.parse(op("GET", "/tenants/" + t + "/cdrs?limit=500", null).json.get("items").get(0).get("offeredAt").asText())
            .atZone(SHANGHAI).toLocalDate();
        String month = day.toString().substring(0, 7);
        LocalDate first = day.withDayOfMonth(1);
        LocalDate last = first.plusMonths(1).minusDays(1).isAfter(LocalDate.now(SHANGHAI)) ? LocalDate.now(SHANGHAI) : first.plusMonths(1).minusDays(1);
        JsonNode kpis = report("sup", t, "from=" + first + "&to=" + last + "&granularity=MONTH&by=AGENT").json.get("rows");
        JsonNode card = send("sup@" + t, PASSWORD, "GET", "/tenants/" + t + "/scorecard?month=" + month, null).json;
        assertEquals(card.toString(), 50, card.get("weights").get("weights").get("AHT").asInt());
        int checked = 0;
        for (JsonNode k : kpis) {
            JsonNode row = null;
            for (JsonNode r : card.get("rows")) {
                if (r.get("agentUserId").asText().equals(k.get("key").asText())) {
                    row = r;
                }
            }
            assertNotNull(card.toString(), row);
            JsonNode f = k.get("kpis");
            Double aht = f.get("answered").asLong() > 0 && f.hasNonNull("ahtSeconds") ? f.get("ahtSeconds").asDouble() : null;
            Double csat = f.hasNonNull("csat") ? f.get("csat").asDouble() : null;
            // as the service rounds: AHT to a tenth of a second, points to a tenth (the target's share of the AHT)
            Double ahtPoints = aht == null ? null : Math.min(100, Math.round(6000.0 / (Math.round(aht * 10) / 10.0) * 10) / 10.0);
            Double csatPoints = csat == null ? null : Math.min(100, Math.round(csat * 100 / 5 * 10) / 10.0);
            if (ahtPoints != null) {
                assertEquals(row.toString(), ahtPoints, row.get("scores").get("AHT").get("points").asDouble(), 0.11);
            }
            if (csatPoints != null) {
                assertEquals(row.toString(), csatPoints, row.get("scores").get("CSAT").get("points").asDouble(), 0.11);
            }
            double sum = (ahtPoints == null ? 0 : ahtPoints * 50) + (csatPoints == null ? 0 : csatPoints * 50);
            int over = (ahtPoints == null ? 0 : 50) + (csatPoints == null ? 0 : 50);
            if (over > 0) {
                assertEquals(row.toString(), sum / over, row.get("total").asDouble(), 0.11);
                checked++;
            }
        }
        assertTrue(card.toString(), checked >= 2);
        assertEquals(card.toString(), 1, card.get("rows").get(0).get("rank").asInt());
        // hanna (the surveyed call, scored 4) sees her own row only
        JsonNode own = send("hanna@" + t, PASSWORD, "GET", "/tenants/" + t + "/scorecard?month=" + month, null).json;
        assertEquals(own.toString(), 1, own.get("rows").size());
        assertEquals(users.get("hanna"), own.get("rows").get(0).get("agentUserId").asText());
        assertEquals(4.0, own.get("rows").get(0).get("scores").get("CSAT").get("value").asDouble(), 0.001);
        assertEquals(403, send("hanna@" + t, PASSWORD, "PUT", "/tenants/" + t + "/scorecard/weights",
            "{\"weights\":{\"AHT\":100}}").status);
        assertEquals("month", send("sup@" + t, PASSWORD, "GET", "/tenants/" + t + "/scorecard?month=2999-01", null).json.get("field").asText());
        assertEquals(403, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + t + "/scorecard?month=" + month, null).status);
        assertEquals(0, send("bsup@" + other, PASSWORD, "GET", "/tenants/" + other + "/scorecard?month=" + month, null).json.get("rows").size());
    }

    private byte[] bytes(String user, String tenant, String path) {
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", basicAuth(user + "@" + tenant, PASSWORD)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(new String(r.body(), StandardCharsets.UTF_8), 200, r.statusCode());
            return r.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
