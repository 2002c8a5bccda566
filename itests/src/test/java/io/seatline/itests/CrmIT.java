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
import org.junit.Before;
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
    private static boolean trunk;

    /** Customers call in through a trunk from 127.0.0.1 (one per Karaf). */
    @Before
    public void trunk() {
        synchronized (CrmIT.class) {
            if (!trunk) {
                Answer t = op("POST", "/trunks", "{\"name\":\"crm-carrier\",\"host\":\"127.0.0.1\",\"port\":" + freeUdpPort()
                    + ",\"allowedSources\":[\"127.0.0.1\"],\"callerId\":\"4000000002\"}");
                assertEquals(t.toString(), 201, t.status);
                trunk = true;
            }
        }
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void expect(Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status);
        assertTrue(a.toString(), a.json.has("field"));
        assertEquals(a.toString(), field, a.json.get("field").asText());
    }
}
