package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;

/**
 * The administration console in a real browser (Debian's chromium, headless, playwright-core; itests/browser/admin-flow.mjs)
 * against the assembled distribution on H2: the operator creates a client company through the wizard (dedicated and
 * shared seats, a plan, its first administrator), suspends and resumes another, and reads the seat map; that company's
 * administrator signs in (in Chinese) and sets up a team, a queue and an agent with a SIP identity and skills, the
 * server's refusals shown on the field they name. Every list page of the administrator is checked for another
 * tenant's objects. Afterwards the API confirms what the pages wrote, and the audit trail has the reasons given.
 */
public class AdminBrowserIT {
    /** the company the wizard creates */
    private static final String TENANT = "south-bpo";
    /** an existing company: its id is refused to the wizard, and none of its objects may show on the new one's pages */
    private static final String OTHER = "north-bpo";
    private static final String PASSWORD = "Admin-pass-1";
    private Distribution dist;

    @After
    public void stop() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    public void theOperatorAndAClientAdminSetUpACompanyInTheBrowser() throws Exception {
        dist = Distribution.unpack(null);
        dist.start("/trunks");
        dist.awaitResource("/billing/plans");
        dist.call("POST", "/billing/plans", "{\"plan\":\"standard-2027\",\"validFrom\":\"2026-01-01\",\"currency\":\"CNY\",\"dedicatedSeat\":3000,"
            + "\"sharedSeat\":1200,\"rates\":[{\"direction\":\"OUTBOUND\",\"prefix\":\"86\",\"perMinute\":0.10,\"increment\":\"6/6\"}]}", 201);
        dist.call("PUT", "/shared-pool", "{\"size\":20}", 200);
        // the other company, with objects of every kind the administrator's pages list
        dist.call("POST", "/tenants", "{\"id\":\"" + OTHER + "\",\"displayName\":\"北方外包 North BPO\",\"timezone\":\"Asia/Shanghai\",\"locale\":\"zh-CN\","
            + "\"dedicatedSeats\":2,\"sharedSeats\":0}", 201);
        dist.call("POST", "/tenants/" + OTHER + "/users", "{\"username\":\"olga\",\"displayName\":\"北方 Olga\",\"roles\":[\"agent\"],\"password\":\"" + PASSWORD + "\"}", 201);
        dist.call("POST", "/tenants/" + OTHER + "/teams", "{\"name\":\"北方班组 North team\"}", 201);
        dist.call("PUT", "/tenants/" + OTHER + "/queues/north-secret", "{\"displayName\":\"北方队列 North queue\"}", 200);

        ObjectNode cfg = BrowserFlow.config(dist, "admin-flow");
        cfg.putObject("operator").put("login", Distribution.OPERATOR).put("password", Distribution.PASSWORD);
        cfg.put("tenant", TENANT);
        cfg.put("other", OTHER);
        cfg.put("plan", "standard-2027");
        cfg.putObject("admin").put("username", "boss").put("login", "boss@" + TENANT).put("password", PASSWORD);
        JsonNode result = BrowserFlow.run("admin-flow", cfg);

        // what the wizard wrote: the company, its seats, its plan subscribed, its administrator
        JsonNode tenant = dist.call("GET", "/tenants/" + TENANT, null, 200);
        assertEquals("华南外包 South BPO", tenant.get("displayName").asText());
        assertEquals("Asia/Shanghai", tenant.get("timezone").asText());
        assertEquals(5, tenant.get("dedicatedSeats").asInt());
        assertEquals(2, tenant.get("sharedSeats").asInt());
        assertEquals("standard-2027", tenant.get("planRef").asText());
        JsonNode billing = dist.call("GET", "/billing/tenants/" + TENANT + "/profile", null, 200);
        assertEquals("CNY", billing.get("currency").asText());
        assertEquals("华南外包服务有限公司", billing.get("legalName").asText());
        assertEquals(0, new java.math.BigDecimal("0.06").compareTo(billing.get("taxRate").decimalValue()));
        assertEquals("chen@south-bpo.example", billing.get("email").asText());
        JsonNode subs = dist.call("GET", "/billing/tenants/" + TENANT + "/subscriptions", null, 200);
        assertEquals(subs.toString(), 1, subs.size());
        assertEquals("standard-2027", subs.get(0).get("plan").asText());
        JsonNode users = dist.call("GET", "/tenants/" + TENANT + "/users", null, 200).get("items");
        JsonNode boss = find(users, "username", "boss");
        assertEquals("[\"tenant-admin\"]", boss.get("roles").toString());
        // what the administrator wrote: the agent with team, phone and skills, the queue with its skills
        JsonNode li = find(users, "username", "li");
        assertEquals("[\"agent\"]", li.get("roles").toString());
        JsonNode team = dist.call("GET", "/tenants/" + TENANT + "/teams/" + li.get("teamId").asText(), null, 200);
        assertEquals("一组 Team One", team.get("name").asText());
        JsonNode profile = dist.call("GET", "/tenants/" + TENANT + "/agents/" + li.get("id").asText() + "/profile", null, 200);
        assertEquals(TENANT + ".li", profile.get("sipUser").asText());
        assertEquals(5, profile.get("skills").get("support").asInt());
        assertEquals(3, profile.get("skills").get("粤语").asInt());
        JsonNode queue = dist.call("GET", "/tenants/" + TENANT + "/queues/support", null, 200);
        assertEquals("售后支持 Support", queue.get("displayName").asText());
        assertEquals(3, queue.get("requiredSkills").get("support").asInt());
        assertEquals("best-skill-level", queue.get("strategy").asText());
        // the other company was suspended and resumed, each with its reason in the audit trail
        assertEquals("ACTIVE", dist.call("GET", "/tenants/" + OTHER, null, 200).get("status").asText());
        String audit = dist.call("GET", "/audit?limit=200", null, 200).toString();
        assertTrue(audit, audit.contains("合同到期未续费 contract lapsed"));
        System.out.printf("admin browser flow: %d checks passed; axe: %s%n", result.get("checks").size(), result.get("axe"));
    }

    private static JsonNode find(JsonNode items, String field, String value) {
        for (JsonNode n : items) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + items);
    }
}
