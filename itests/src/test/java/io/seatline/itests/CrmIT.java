package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** CRM (issue 6, first part) against the assembled distribution: custom fields, customers, lookup, isolation. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CrmIT extends SeatlineTestSupport {
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void expect(Answer a, int status, String field) {
        assertEquals(a.toString(), status, a.status);
        assertTrue(a.toString(), a.json.has("field"));
        assertEquals(a.toString(), field, a.json.get("field").asText());
    }
}
