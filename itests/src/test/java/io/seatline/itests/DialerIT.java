package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.net.http.HttpRequest;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The dialer end to end against the assembled distribution with real SIP peers: customers are a SIPp UAS behind a
 * trunk (the number's last digit decides: 0-3 answer after a random ring, 4-6 busy, 7-9 not answered), agents are
 * registered SIPp phones. Campaigns run through REST; outcomes are checked against the CDRs telephony wrote.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DialerIT extends TelephonyTestSupport {
    /** every test's window is open all day: the suite runs at any hour */
    private static final String ALL_DAY = "\"windowFrom\":\"00:00\",\"windowTo\":\"23:59\"";
    private static int customersPort;
    private static Sipp customers;

    @Before
    public void customers() {
        synchronized (DialerIT.class) {
            if (customersPort == 0) {
                customersPort = freeUdpPort();
                Answer t = op("POST", "/trunks", "{\"name\":\"dialer-carrier\",\"host\":\"127.0.0.1\",\"port\":" + customersPort
                    + ",\"allowedSources\":[\"127.0.0.1\"],\"callerId\":\"4000000001\"}");
                assertEquals(t.toString(), 201, t.status);
            }
            // the customers' UAS behind the trunk (Pax Exam runs @AfterClass after each method in the container)
            if (customers == null || !customers.alive()) {
                customers = Sipp.start("customers", sipPort(), "dialer_customer.xml", "-p", Integer.toString(customersPort));
            }
        }
    }

    @AfterClass
    public static void stopCustomers() {
        if (customers != null) {
            customers.close();
            customers = null;
        }
    }

    // ================================================================= tests

    @Test
    public void predictiveCampaignRunsAgainstSippAndEveryAttemptHasItsCdr() throws Exception {
        String t = createTenant("dial", 10, 0);
        queueWithDid(t, "outbound", "{\"wrapUpSeconds\":1,\"ringTimeoutSeconds\":10}");
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Agent a = agent(t, "rep" + i, "{}", "agent_hangup.xml", 3000);
            ready(a);
            agents.add(a);
        }
        String campaign = campaign(t, "spring", "PREDICTIVE", "\"maxAttempts\":2,\"retryMinutes\":{\"BUSY\":0,\"NO_ANSWER\":0},"
            + "\"safeHarbourPrompt\":\"beep\"");
        // 40 contacts, about 40 % live; a Chinese name on each; one bad number and one duplicate are rejected
        Random random = new Random(5);
        StringBuilder csv = new StringBuilder("phone,name,city\n");
        Map<String, Character> kind = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            int digit = random.nextDouble() < 0.4 ? random.nextInt(4) : 4 + random.nextInt(6);
            String phone = "1380013" + String.format("%03d", i) + digit;
            kind.put("+86" + phone, digit <= 3 ? 'L' : digit <= 6 ? 'B' : 'N');
            csv.append(phone).append(",客户").append(i).append(",上海\n");
        }
        csv.append("12345,坏号码,北京\n");
        String firstPhone = csv.substring(csv.indexOf("\n") + 1, csv.indexOf(",", csv.indexOf("\n")));
        csv.append(firstPhone).append(",重复,上海\n");
        JsonNode report = importCsv(t, campaign, "first", csv.toString().getBytes(StandardCharsets.UTF_8), "");
        assertEquals(report.toString(), 40, report.get("imported").asInt());
        assertEquals(report.toString(), 2, report.get("rejected").size());
        assertEquals(42, report.get("rejected").get(0).get("line").asInt());

        Answer started = op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/start", null);
        assertEquals(started.toString(), 200, started.status);
        assertEquals("RUNNING", started.json.get("status").asText());
        awaitOrDiagnose(t, campaign, Duration.ofMinutes(4), () ->
            stats(t, campaign).get("contactsRemaining").asLong() == 0 && stats(t, campaign).get("ringing").asInt() == 0);
        JsonNode stats = stats(t, campaign);
        System.out.println("DialerIT live campaign: " + stats);

        // every contact ended as its customer behaves; busy and unanswered ones were tried twice (retry delay 0)
        String listId = op("GET", "/tenants/" + t + "/campaigns/" + campaign + "/lists", null).json.get(0).get("id").asText();
        JsonNode contacts = op("GET", "/tenants/" + t + "/lists/" + listId + "/contacts?limit=100", null).json;
        assertEquals(40, contacts.size());
        int attempts = 0;
        int live = 0;
        for (JsonNode c : contacts) {
            char k = kind.get(c.get("phone").asText());
            String last = c.get("lastOutcome").asText();
            attempts += c.get("attempts").asInt();
            assertTrue(c.get("name").asText().startsWith("客户"));
            if (k == 'L') {
                live++;
                assertTrue(c.toString(), last.equals("DONE") || last.equals("ABANDONED"));
                assertEquals(c.toString(), 1, c.get("attempts").asInt());
            } else {
                assertEquals(c.toString(), k == 'B' ? "BUSY" : "NO_ANSWER", last);
                assertEquals(c.toString(), 2, c.get("attempts").asInt());
                assertEquals(c.toString(), "DONE", c.get("status").asText());
            }
        }
        // CDRs match: one per attempt; answered ones were connected to an agent or abandoned with no_agent
        JsonNode cdrs = awaitCdrs(t, attempts);
        int answered = 0;
        int abandoned = 0;
        for (JsonNode cdr : cdrs) {
            assertEquals("OUTBOUND", cdr.get("direction").asText());
            String d = cdr.get("disposition").asText();
            if ("ANSWERED".equals(d)) {
                answered++;
                assertFalse(cdr.toString(), cdr.get("agentUserId").isNull());
            } else if ("ABANDONED".equals(d)) {
                abandoned++;
                assertEquals("no_agent", cdr.get("hangupCause").asText());
            } else {
                assertTrue(cdr.toString(), d.equals("BUSY") || d.equals("NO_ANSWER"));
            }
        }
        assertEquals(live, answered + abandoned);
        assertEquals(stats.toString(), attempts, stats.get("dialled").asLong());
        assertEquals(stats.toString(), live, stats.get("answered").asLong());
        assertEquals(stats.toString(), abandoned, stats.get("abandoned").asLong());
        assertEquals(stats.toString(), answered, stats.get("connected").asLong());
        assertTrue(stats.toString(), stats.get("occupancy").asDouble() > 0);

        // the agent's disposition: a callback for the same agent at a local time, and "do not call" joins the DNC
        List<String> connectedCalls = new ArrayList<>();
        cdrs.forEach(c -> {
            if ("ANSWERED".equals(c.get("disposition").asText())) {
                connectedCalls.add(c.get("id").asText() + "|" + c.get("agentUserId").asText() + "|" + c.get("to").asText());
            }
        });
        assertTrue(connectedCalls.size() >= 2);
        String[] first = connectedCalls.get(0).split("\\|");
        Agent owner = agents.stream().filter(a -> a.userId().equals(first[1])).findFirst().orElseThrow();
        Agent other = agents.stream().filter(a -> !a.userId().equals(first[1])).findFirst().orElseThrow();
        LocalDateTime at = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusHours(2).withNano(0);
        String cb = "{\"callId\":\"" + first[0] + "\",\"code\":\"callback\",\"note\":\"客户要求下午回电\",\"callbackAt\":\"" + at
            + "\",\"callbackSameAgent\":true}";
        Answer notMine = post(other.login(), PASSWORD, "/tenants/" + t + "/dispositions/apply", cb);
        assertEquals(notMine.toString(), 403, notMine.status);
        Answer callback = post(owner.login(), PASSWORD, "/tenants/" + t + "/dispositions/apply", cb);
        assertEquals(callback.toString(), 200, callback.status);
        assertEquals("CALLBACK", callback.json.get("status").asText());
        assertEquals(owner.userId(), callback.json.get("callbackAgentUserId").asText());
        assertEquals(at.atZone(ZoneId.of("Asia/Shanghai")).toInstant(), Instant.parse(callback.json.get("callbackAt").asText()));
        JsonNode history = callback.json.get("history");
        assertEquals("callback", history.get(history.size() - 1).get("disposition").asText());
        assertEquals("客户要求下午回电", history.get(history.size() - 1).get("note").asText());

        String[] second = connectedCalls.get(1).split("\\|");
        Agent secondOwner = agents.stream().filter(a -> a.userId().equals(second[1])).findFirst().orElseThrow();
        // the desk's wrap-up (any call) refuses bad input before anything changes, then settles the campaign's contact
        // and puts the outcome on the CDR
        String wrapUps = "/tenants/" + t + "/wrap-ups";
        Answer unknown = post(secondOwner.login(), PASSWORD, wrapUps, "{\"callId\":\"" + second[0] + "\",\"code\":\"nope\"}");
        assertEquals(unknown.toString(), 400, unknown.status);
        assertEquals("code", unknown.json.get("field").asText());
        if (!owner.userId().equals(secondOwner.userId())) {
            Answer notHis = post(owner.login(), PASSWORD, wrapUps, "{\"callId\":\"" + second[0] + "\",\"code\":\"dnc\"}");
            assertEquals(notHis.toString(), 403, notHis.status);
            assertEquals("not_your_call", notHis.code());
        }
        Answer noCall = post(secondOwner.login(), PASSWORD, wrapUps, "{\"code\":\"dnc\"}");
        assertEquals(noCall.toString(), 400, noCall.status);
        assertEquals("callId", noCall.json.get("field").asText());
        assertTrue(op("GET", "/tenants/" + t + "/cdrs/" + second[0], null).json.get("outcome").isNull());
        Answer dnc = post(secondOwner.login(), PASSWORD, wrapUps, "{\"callId\":\"" + second[0]
            + "\",\"code\":\"dnc\",\"note\":\"请勿再拨\"}");
        assertEquals(dnc.toString(), 200, dnc.status);
        assertEquals("BLOCKED", dnc.json.get("contact").get("status").asText());
        JsonNode cdrOutcome = op("GET", "/tenants/" + t + "/cdrs/" + second[0], null).json;
        assertEquals("dnc", cdrOutcome.get("outcome").asText());
        assertEquals("请勿再拨", cdrOutcome.get("outcomeNote").asText());
        JsonNode list = op("GET", "/tenants/" + t + "/dnc", null).json;
        assertTrue(list.toString(), list.toString().contains("+" + second[2]));
        // searched by a part of its digits, with the total; a search without digits is refused
        JsonNode found = op("GET", "/tenants/" + t + "/dnc?number=" + second[2].substring(2), null).json;
        assertEquals(found.toString(), 1, found.get("total").asLong());
        assertEquals("+" + second[2], found.get("items").get(0).get("phone").asText());
        assertEquals(0, op("GET", "/tenants/" + t + "/dnc?number=000000000000", null).json.get("total").asLong());
        Answer noDigits = op("GET", "/tenants/" + t + "/dnc?number=abc", null);
        assertEquals(400, noDigits.status);
        assertEquals("invalid_number", noDigits.json.get("code").asText());
        // the outcome history and the abandon accounting are in REST
        JsonNode counts = op("GET", "/tenants/" + t + "/campaigns/" + campaign + "/abandons", null).json;
        assertEquals(live, counts.get("answered").asInt());
        assertEquals(abandoned, counts.get("abandoned").asInt());
        assertEquals(200, op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/stop", null).status);
    }

    @Test
    public void anAnsweredCallNoAgentTakesIsAbandonedCountedAndLockedOut() {
        String t = createTenant("aban", 5, 0);
        queueWithDid(t, "outbound", "{\"wrapUpSeconds\":0,\"ringTimeoutSeconds\":20}");
        // the only agent is READY but its phone rings without answering: nobody takes the call within 2 s
        Agent a = agent(t, "slow", "{}", "agent_noanswer.xml", 0);
        ready(a);
        String campaign = campaign(t, "nobody", "PROGRESSIVE", "\"safeHarbourPrompt\":\"beep\",\"abandonLockoutHours\":72");
        JsonNode report = importCsv(t, campaign, "one", "phone,name\n13900139001,王五\n".getBytes(StandardCharsets.UTF_8), "");
        assertEquals(1, report.get("imported").asInt());
        assertEquals(200, op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/start", null).status);
        awaitOrDiagnose(t, campaign, Duration.ofSeconds(40), () -> stats(t, campaign).get("abandoned").asInt() == 1
            && stats(t, campaign).get("ringing").asInt() == 0);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals("ABANDONED", cdr.get("disposition").asText());
        assertEquals("no_agent", cdr.get("hangupCause").asText());
        JsonNode stats = stats(t, campaign);
        assertEquals(stats.toString(), 100.0, stats.get("abandonRatePercent").asDouble(), 0.001);
        String listId = op("GET", "/tenants/" + t + "/campaigns/" + campaign + "/lists", null).json.get(0).get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "ABANDONED".equals(op("GET", "/tenants/" + t + "/lists/" + listId + "/contacts", null)
            .json.get(0).get("lastOutcome").asText()));
        JsonNode contact = op("GET", "/tenants/" + t + "/lists/" + listId + "/contacts", null).json.get(0);
        // not redialled for the lock-out
        Instant next = Instant.parse(contact.get("nextAt").asText());
        assertTrue(contact.toString(), next.isAfter(Instant.now().plus(Duration.ofHours(71))));
        assertEquals("RETRY", contact.get("status").asText());
        // the agent whose phone was ringing is free again (not NOT_READY "missed": the call was taken from it)
        await().atMost(Duration.ofSeconds(10)).until(() -> "READY".equals(op("GET", "/tenants/" + t + "/agents/" + a.userId(), null)
            .json.get("state").asText()));
        await().atMost(Duration.ofSeconds(15)).until(() -> "nothing_due".equals(op("GET", "/tenants/" + t + "/campaigns/" + campaign, null)
            .json.path("waiting").asText()));
        assertEquals(1, stats(t, campaign).get("dialled").asInt());
        assertEquals(200, op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/stop", null).status);
    }

    @Test
    public void previewAgentTakesAContactReadsItAndDialsIt() {
        String t = createTenant("prev", 5, 0);
        queueWithDid(t, "outbound", "{\"wrapUpSeconds\":0}");
        Agent rep = agent(t, "rep", "{}", "agent_hangup.xml", 2000);
        ready(rep);
        String campaign = campaign(t, "careful", "PREVIEW", "");
        importCsv(t, campaign, "vip", "phone,name,policy\n13300133000,钱九,P-778\n13300133011,吴十,P-779\n".getBytes(StandardCharsets.UTF_8), "");
        assertEquals(200, op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/start", null).status);
        // the agent sees the record first; asking again gives the same one until it is dialled or skipped
        Answer next = post(rep.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaign + "/preview/next", null);
        assertEquals(next.toString(), 200, next.status);
        assertEquals("钱九", next.json.get("name").asText());
        assertEquals("P-778", next.json.get("fields").get("policy").asText());
        String contact = next.json.get("id").asText();
        assertEquals(contact, post(rep.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaign + "/preview/next", null).json.get("id").asText());
        Answer dial = post(rep.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaign + "/preview/" + contact + "/dial", null);
        assertEquals(dial.toString(), 200, dial.status);
        JsonNode cdr = awaitCdrs(t, 1).get(0);
        assertEquals(dial.json.get("callId").asText(), cdr.get("id").asText());
        assertEquals("ANSWERED", cdr.get("disposition").asText());
        assertEquals(rep.userId(), cdr.get("agentUserId").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> "DONE".equals(op("GET", "/tenants/" + t + "/contacts/" + contact, null)
            .json.get("lastOutcome").asText()));
        // the second contact is skipped: nobody gets it for a minute, and nothing is dialled by the campaign itself
        JsonNode second = post(rep.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaign + "/preview/next", null).json;
        assertEquals("吴十", second.get("name").asText());
        assertEquals(204, post(rep.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaign + "/preview/" + second.get("id").asText()
            + "/skip", null).status);
        assertEquals(204, post(rep.login(), PASSWORD, "/tenants/" + t + "/campaigns/" + campaign + "/preview/next", null).status);
        assertEquals(1, stats(t, campaign).get("dialled").asInt());
    }

    @Test
    public void dncIsCheckedAtImportAndAtDialTime() {
        String t = createTenant("dnc", 5, 0);
        queueWithDid(t, "outbound", "{}");
        agent(t, "rep", "{}", "agent_hangup.xml", 1000);
        String campaign = campaign(t, "quiet", "PREDICTIVE", "");
        Answer tenantDnc = op("POST", "/tenants/" + t + "/dnc", "{\"phone\":\"138 0013 9001\",\"reason\":\"客户投诉\"}");
        assertEquals(tenantDnc.toString(), 201, tenantDnc.status);
        assertEquals("+8613800139001", tenantDnc.json.get("phone").asText());
        Answer operatorDnc = op("POST", "/dnc", "{\"phone\":\"+86 138 0013 9002\",\"reason\":\"regulator list\"}");
        assertEquals(operatorDnc.toString(), 201, operatorDnc.status);
        JsonNode report = importCsv(t, campaign, "calls", "phone,name\n13800139001,甲\n13800139002,乙\n13800139003,丙\n"
            .getBytes(StandardCharsets.UTF_8), "");
        assertEquals(report.toString(), 1, report.get("imported").asInt());
        assertEquals(2, report.get("rejected").size());
        assertTrue(report.toString(), report.get("rejected").get(0).get("reason").asText().contains("do-not-call"));
        // added to the DNC after the import: blocked before it is ever dialled
        assertEquals(201, op("POST", "/tenants/" + t + "/dnc", "{\"phone\":\"13800139003\"}").status);
        String listId = report.get("listId").asText();
        assertEquals("BLOCKED", op("GET", "/tenants/" + t + "/lists/" + listId + "/contacts", null).json.get(0).get("status").asText());
        Answer start = op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/start", null);
        assertEquals(start.toString(), 409, start.status);
        assertEquals("no_contacts", start.code());
        // another tenant is not bound by this tenant's DNC list, but is by the operator's
        String other = createTenant("dnc2", 5, 0);
        queueWithDid(other, "outbound", "{}");
        String c2 = campaign(other, "quiet", "PREDICTIVE", "");
        JsonNode r2 = importCsv(other, c2, "calls", "phone\n13800139001\n13800139002\n".getBytes(StandardCharsets.UTF_8), "");
        assertEquals(r2.toString(), 1, r2.get("imported").asInt());
        assertEquals(3, r2.get("rejected").get(0).get("line").asInt());
        assertFalse(op("GET", "/tenants/" + other + "/dnc", null).body.contains("13800139001"));
        assertEquals(204, op("DELETE", "/dnc/+8613800139002", null).status);
    }

    @Test
    public void listFileDroppedInTheTenantsFolderIsImportedWithAReport() throws Exception {
        String t = createTenant("drop", 5, 0);
        queueWithDid(t, "outbound", "{}");
        String campaign = campaign(t, "autumn", "PREDICTIVE", "");
        Path dir = Files.createDirectories(Paths.get(System.getProperty("karaf.data"), "seatline", "dialer-drop", t, "autumn"));
        Path tmp = dir.getParent().resolve("leads.tmp");
        // in a drop the headers are the field names; GBK is detected
        Files.writeString(tmp, "phone,name\n13700137001,赵六\n13700137002,孙七\nabc,坏\n", Charset.forName("GBK"));
        Files.move(tmp, dir.resolve("leads.csv"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("leads.csv.report.json")));
        JsonNode report = JSON.readTree(Files.readString(dir.resolve("leads.csv.report.json")));
        assertEquals(report.toString(), "DONE", report.get("status").asText());
        assertEquals("GBK", report.get("encoding").asText());
        assertEquals(2, report.get("imported").asInt());
        assertEquals(4, report.get("rejected").get(0).get("line").asInt());
        JsonNode lists = op("GET", "/tenants/" + t + "/campaigns/" + campaign + "/lists", null).json;
        assertEquals("leads", lists.get(0).get("name").asText());
        assertEquals(2, lists.get(0).get("contacts").asInt());
        String listId = lists.get(0).get("id").asText();
        assertEquals("赵六", op("GET", "/tenants/" + t + "/lists/" + listId + "/contacts", null).json.get(0).get("name").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir.resolve("leads.csv")));
    }

    @Test
    public void badInputGetsClearErrorsAndNoHalfWrites() {
        String t = createTenant("dbad", 5, 0);
        queueWithDid(t, "outbound", "{}");
        String base = "{\"name\":\"x\",\"queue\":\"outbound\"";
        expect(op("POST", "/tenants/" + t + "/campaigns", base + ",\"abandonTargetPercent\":150}"), 400, "abandonTargetPercent");
        expect(op("POST", "/tenants/" + t + "/campaigns", base + ",\"maxAttempts\":-1}"), 400, "maxAttempts");
        expect(op("POST", "/tenants/" + t + "/campaigns", base + ",\"retryMinutes\":{\"BUSY\":-5}}"), 400, "retryMinutes.BUSY");
        expect(op("POST", "/tenants/" + t + "/campaigns", base + ",\"windowFrom\":\"21:00\",\"windowTo\":\"08:00\"}"), 400, "window");
        expect(op("POST", "/tenants/" + t + "/campaigns", base + ",\"days\":[]}"), 400, "window.days");
        expect(op("POST", "/tenants/" + t + "/campaigns", "{\"name\":\"x\",\"queue\":\"nope\"}"), 400, "queue");
        expect(op("POST", "/tenants/" + t + "/campaigns", base + ",\"mode\":\"TURBO\"}"), 400, "mode");
        assertEquals(0, op("GET", "/tenants/" + t + "/campaigns", null).json.size());
        String campaign = campaign(t, "empty", "PREDICTIVE", "");
        // no agents, then no contacts: refused with the reason, the campaign stays STOPPED
        Answer noAgents = op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/start", null);
        assertEquals(noAgents.toString(), 409, noAgents.status);
        assertEquals("no_agents", noAgents.code());
        agent(t, "rep", "{}", "agent_hangup.xml", 1000);
        Answer noContacts = op("POST", "/tenants/" + t + "/campaigns/" + campaign + "/start", null);
        assertEquals("no_contacts", noContacts.code());
        assertEquals("STOPPED", op("GET", "/tenants/" + t + "/campaigns/" + campaign, null).json.get("status").asText());
        // a file that is neither UTF-8 nor GBK, a missing phone column, a mapping to a column that is absent
        byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0x81, (byte) 0x80, (byte) 0xFF};
        JsonNode bad = importCsv(t, campaign, "junk", binary, "");
        assertEquals(bad.toString(), "FAILED", bad.get("status").asText());
        assertEquals("file", bad.get("error").get("field").asText());
        JsonNode noPhone = importCsv(t, campaign, "junk", "name,city\n张三,北京\n".getBytes(StandardCharsets.UTF_8), "");
        assertEquals(noPhone.toString(), "FAILED", noPhone.get("status").asText());
        assertTrue(noPhone.toString(), noPhone.get("error").get("field").asText().startsWith("mapping"));
        // a mapped Chinese header works; rows with invalid numbers are reported, the good ones kept
        JsonNode mapped = importCsv(t, campaign, "mapped", "电话,姓名\n13600136001,周八\n+1 555 0100,外国\n".getBytes(StandardCharsets.UTF_8),
            "?map=" + URLEncoder.encode("电话=phone", StandardCharsets.UTF_8) + "&map=" + URLEncoder.encode("姓名=name", StandardCharsets.UTF_8));
        assertEquals(mapped.toString(), 1, mapped.get("imported").asInt());
        assertEquals(3, mapped.get("rejected").get(0).get("line").asInt());
        Answer recycle = op("POST", "/tenants/" + t + "/lists/" + mapped.get("listId").asText() + "/recycle", "{\"outcomes\":[\"SOLD\"]}");
        expect(recycle, 400, "outcomes");
    }

    @Test
    public void campaignsListsAndDncAreTenantIsolated() {
        String a = createTenant("isoa", 5, 0);
        String b = createTenant("isob", 5, 0);
        queueWithDid(a, "outbound", "{}");
        queueWithDid(b, "outbound", "{}");
        String ca = campaign(a, "secret", "PREDICTIVE", "");
        JsonNode ra = importCsv(a, ca, "vip", "phone,name\n13500135001,贵宾\n".getBytes(StandardCharsets.UTF_8), "");
        String listA = ra.get("listId").asText();
        op("POST", "/tenants/" + a + "/dnc", "{\"phone\":\"13500135009\"}");
        String adminB = createUser(b, "boss", "[\"tenant-admin\"]");
        assertNotNull(adminB);
        String bAdmin = "boss@" + b;
        // B's admin reaches nothing of A's, through A's paths or B's
        assertEquals(403, get(bAdmin, PASSWORD, "/tenants/" + a + "/campaigns").status);
        assertEquals(403, get(bAdmin, PASSWORD, "/tenants/" + a + "/dnc").status);
        assertEquals(404, get(bAdmin, PASSWORD, "/tenants/" + b + "/campaigns/" + ca).status);
        assertEquals(404, get(bAdmin, PASSWORD, "/tenants/" + b + "/lists/" + listA).status);
        assertEquals(404, get(bAdmin, PASSWORD, "/tenants/" + b + "/lists/" + listA + "/contacts").status);
        assertEquals(404, get(bAdmin, PASSWORD, "/tenants/" + b + "/imports/" + ra.get("id").asText()).status);
        assertEquals(404, post(bAdmin, PASSWORD, "/tenants/" + b + "/campaigns/" + ca + "/start", null).status);
        assertEquals(0, get(bAdmin, PASSWORD, "/tenants/" + b + "/campaigns").json.size());
        assertEquals(0, get(bAdmin, PASSWORD, "/tenants/" + b + "/dnc").json.get("total").asLong());
        // a campaign of the same name in B is B's own
        assertEquals(201, post(bAdmin, PASSWORD, "/tenants/" + b + "/campaigns", "{\"name\":\"secret\",\"queue\":\"outbound\"}").status);
        assertEquals(1, op("GET", "/tenants/" + a + "/campaigns", null).json.size());
        // an agent may not manage campaigns
        Agent rep = agent(a, "rep", "{}", "agent_hangup.xml", 1000);
        assertEquals(403, post(rep.login(), PASSWORD, "/tenants/" + a + "/campaigns/" + ca + "/start", null).status);
        assertEquals(403, get(rep.login(), PASSWORD, "/tenants/" + a + "/dnc").status);
    }

    // ================================================================= helpers

    private String campaign(String tenant, String name, String mode, String more) {
        Answer c = op("POST", "/tenants/" + tenant + "/campaigns", "{\"name\":\"" + name + "\",\"displayName\":\"活动 " + name
            + "\",\"mode\":\"" + mode + "\",\"queue\":\"outbound\"," + ALL_DAY + (more.isEmpty() ? "" : "," + more) + "}");
        assertEquals(c.toString(), 201, c.status);
        return c.json.get("id").asText();
    }

    /** Uploads a CSV and waits for the import to end; the final report. */
    private JsonNode importCsv(String tenant, String campaign, String list, byte[] csv, String query) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/tenants/" + tenant + "/campaigns/" + campaign + "/lists/" + list
                + "/import" + query)).timeout(Duration.ofSeconds(30)).header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD))
            .header("Content-Type", "text/csv").header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build();
        Answer a = sendRequest(req);
        assertEquals(a.toString(), 202, a.status);
        String id = a.json.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(op("GET", "/tenants/" + tenant + "/imports/" + id, null).json
            .get("status").asText()));
        return op("GET", "/tenants/" + tenant + "/imports/" + id, null).json;
    }

    /** Waits for {@code done}; on timeout fails with the campaign's figures, contacts, calls, CDRs and the log's warnings. */
    private void awaitOrDiagnose(String tenant, String campaign, Duration limit, java.util.concurrent.Callable<Boolean> done) {
        try {
            await().atMost(limit).pollInterval(Duration.ofSeconds(1)).until(done);
        } catch (AssertionError | RuntimeException e) { // ConditionTimeoutException
            StringBuilder d = new StringBuilder("campaign did not finish in " + limit + "\nstats: " + stats(tenant, campaign));
            JsonNode lists = op("GET", "/tenants/" + tenant + "/campaigns/" + campaign + "/lists", null).json;
            for (JsonNode l : lists) {
                d.append("\ncontacts: ").append(op("GET", "/tenants/" + tenant + "/lists/" + l.get("id").asText() + "/contacts?limit=100", null).body);
            }
            d.append("\ncustomers' SIPp alive: ").append(customers.alive()).append(' ').append(customers.errors());
            d.append("\ncalls: ").append(op("GET", "/tenants/" + tenant + "/calls", null).body);
            d.append("\nagents: ").append(op("GET", "/tenants/" + tenant + "/agents", null).body);
            d.append("\ncdrs: ").append(op("GET", "/tenants/" + tenant + "/cdrs?limit=20", null).body);
            try {
                List<String> log = Files.readAllLines(Paths.get(System.getProperty("karaf.data"), "log", "karaf.log"));
                log.stream().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Dialer") || l.contains("dialer"))
                    .skip(Math.max(0, log.size() - 4000)).forEach(l -> d.append("\n").append(l));
            } catch (java.io.IOException io) {
                d.append("\nno log: ").append(io);
            }
            System.out.println("DIAGNOSTICS " + d);
            throw new AssertionError("campaign did not finish in " + limit + " (diagnostics above in the output)");
        }
    }

    private JsonNode stats(String tenant, String campaign) {
        Answer s = op("GET", "/tenants/" + tenant + "/campaigns/" + campaign + "/stats", null);
        assertEquals(s.toString(), 200, s.status);
        return s.json;
    }

    private static void expect(Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status);
        assertEquals(a.toString(), field, a.json.get("field").asText());
    }
}
