package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Tenant isolation through every endpoint: tenant A (provisioned via REST) and tenant B (provisioned from a
 * tenants/ file, the example tenant acme... or a fresh one) each get data; A's tenant-admin then tries to read
 * and change B's data through every endpoint of the API and must get 403 or 404 everywhere, and afterwards
 * B's data is exactly as before. Runs on every database the subclasses choose.
 */
public abstract class AbstractIsolationIT extends SeatlineTestSupport {
    @javax.inject.Inject
    @org.ops4j.pax.exam.util.Filter("(dataSourceName=seatline)")
    private javax.sql.DataSource dataSource;

    /** Tenant B: provisioned from a tenants/ file, as an operator would. */
    protected String fileTenant() throws Exception {
        String id = unique("filet");
        java.nio.file.Path file = java.nio.file.Paths.get(System.getProperty("karaf.base"), "tenants", id + ".cfg");
        java.nio.file.Files.writeString(file, "tenant.id=" + id + "\nname=文件租户 " + id + "\ntimezone=Asia/Shanghai\nlocale=zh-CN\n"
            + "seats.dedicated=3\nseats.shared=1\n", java.nio.charset.StandardCharsets.UTF_8);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(300))
            .until(() -> op("GET", "/tenants/" + id, null).status == 200);
        return id;
    }

    /**
     * Every list that sorts does so on the server by each field it names, both ways, on this database; the order is the
     * one asked for (users by login, customers by name, tickets by priority's weight); an unknown field or a bad word is
     * refused with invalid_sort, naming the fields. The sorted lists stay within the tenant.
     */
    @Test
    public void listsSortOnTheServerByEachOfTheirFields() {
        String t = createTenant("sort", 2, 0);
        String other = createTenant("sort-b", 2, 0);
        for (String who : List.of("bo", "al", "cy")) {
            createUser(t, who, "[\"agent\"]");
        }
        createUser(other, "aa", "[\"agent\"]");
        String tt = "/tenants/" + t;
        assertEquals(200, op("PUT", tt + "/ticket-categories", "[{\"name\":\"general\",\"label\":\"一般\",\"slaHours\":8}]").status);
        for (String p : List.of("LOW", "URGENT", "NORMAL")) {
            assertEquals(201, op("POST", tt + "/tickets", "{\"category\":\"general\",\"title\":\"工单 " + p + "\",\"priority\":\"" + p + "\"}").status);
        }
        for (String n : List.of("Mia 米娅", "Bob 鲍勃", "Zoe 佐伊")) {
            assertEquals(201, op("POST", tt + "/customers", "{\"name\":\"" + n + "\"}").status);
        }
        java.util.Map<String, List<String>> lists = new java.util.LinkedHashMap<>();
        lists.put("/tenants", List.of("id", "name", "status", "seats", "created"));
        lists.put("/operator-users", List.of("login", "name", "enabled", "created"));
        lists.put(tt + "/users", List.of("login", "name", "enabled", "created"));
        lists.put(tt + "/customers", List.of("name", "created", "updated"));
        lists.put(tt + "/tickets", List.of("number", "created", "updated", "due", "priority", "status"));
        lists.put(tt + "/cdrs", List.of("offered", "wait", "talk", "hold", "queue", "agent", "result"));
        lists.put(tt + "/kb/articles", List.of("title", "category", "updated", "usage", "version"));
        lists.put(tt + "/qa/evaluations", List.of("created", "call", "score", "status", "submitted"));
        lists.put(tt + "/invoices", List.of("period", "tenant", "number", "issued", "due", "total", "status"));
        lists.put("/billing/invoices", List.of("period", "tenant", "number", "issued", "due", "total", "status"));
        List<String> failures = new ArrayList<>();
        lists.forEach((path, fields) -> {
            for (String f : fields) {
                for (String sort : List.of(f, "-" + f)) {
                    Answer a = op("GET", path + "?limit=500&sort=" + sort, null);
                    if (a.status != 200) {
                        failures.add(path + "?sort=" + sort + ": " + a);
                    }
                }
            }
            Answer unknown = op("GET", path + "?sort=nope", null);
            if (unknown.status != 400 || !"invalid_sort".equals(unknown.code()) || !"sort".equals(unknown.json.get("field").asText())
                || !unknown.json.get("message").asText().contains(fields.get(0))) {
                failures.add(path + "?sort=nope: " + unknown);
            }
        });
        assertTrue("sorting failures:\n" + String.join("\n", failures), failures.isEmpty());
        Answer bad = op("GET", tt + "/users?sort=" + java.net.URLEncoder.encode("login;drop", java.nio.charset.StandardCharsets.UTF_8), null);
        assertEquals(bad.toString(), 400, bad.status);
        assertEquals("invalid_sort", bad.code());

        List<String> up = logins(op("GET", tt + "/users?sort=login", null).json);
        List<String> down = logins(op("GET", tt + "/users?sort=-login", null).json);
        assertEquals(List.of("al@" + t, "bo@" + t, "cy@" + t), up.stream().filter(l -> !l.startsWith("admin")).toList());
        List<String> reversed = new ArrayList<>(down);
        java.util.Collections.reverse(reversed);
        assertEquals(up, reversed);
        assertFalse(up.toString(), up.contains("aa@" + other));
        JsonNode byName = op("GET", tt + "/customers?sort=-name", null).json.get("items");
        assertEquals(byName.toString(), List.of("Zoe 佐伊", "Mia 米娅", "Bob 鲍勃"), texts(byName, "name"));
        JsonNode byPriority = op("GET", tt + "/tickets?sort=-priority", null).json.get("items");
        assertEquals(byPriority.toString(), List.of("URGENT", "NORMAL", "LOW"), texts(byPriority, "priority"));
        // a page boundary keeps one order: two pages of one row each hold different customers
        String first = op("GET", tt + "/customers?sort=created&limit=1", null).json.get("items").get(0).get("id").asText();
        String second = op("GET", tt + "/customers?sort=created&limit=1&offset=1", null).json.get("items").get(0).get("id").asText();
        assertFalse(first.equals(second));
    }

    private static List<String> logins(JsonNode page) {
        return texts(page.get("items"), "login");
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    public void telephonyDataIsIsolated() {
        String a = createTenant("tiso-a", 2, 0);
        String b = createTenant("tiso-b", 2, 0);
        createUser(a, "admin", "[\"tenant-admin\"]");
        Answer queue = op("PUT", "/tenants/" + b + "/queues/support", "{\"displayName\":\"客服热线\",\"requiredSkills\":{\"cantonese\":2}}");
        assertEquals(queue.toString(), 200, queue.status);
        String bAgent = createUser(b, "li", "[\"agent\"]");
        assertEquals(200, op("PUT", "/tenants/" + b + "/agents/" + bAgent + "/profile",
            "{\"sipUser\":\"" + b + ".li\",\"sipPassword\":\"Li-sip-pass\",\"skills\":{\"cantonese\":4}}").status);
        assertEquals(200, op("PUT", "/tenants/" + b + "/reason-codes", "[{\"code\":\"coaching\",\"label\":\"辅导\"}]").status);
        String did = "6" + (100_000_000L + (long) (Math.random() * 800_000_000L));
        assertEquals(200, op("PUT", "/dids/" + did, "{\"tenantId\":\"" + b + "\",\"queue\":\"support\"}").status);

        String u = "admin@" + a;
        String pw = PASSWORD;
        String tb = "/tenants/" + b;
        List<String> failures = new ArrayList<>();
        // B's telephony through B's paths: 403
        expect(failures, 403, send(u, pw, "GET", tb + "/queues", null), "list B's queues");
        expect(failures, 403, send(u, pw, "GET", tb + "/queues/support", null), "read B's queue");
        expect(failures, 403, send(u, pw, "GET", tb + "/queues/stats", null), "B's queue figures");
        expect(failures, 403, send(u, pw, "PUT", tb + "/queues/support", "{\"priority\":99}"), "change B's queue");
        expect(failures, 403, send(u, pw, "DELETE", tb + "/queues/support", null), "delete B's queue");
        expect(failures, 403, send(u, pw, "GET", tb + "/agents", null), "B's agent states");
        expect(failures, 403, send(u, pw, "GET", tb + "/agents/profiles", null), "B's agent profiles");
        expect(failures, 403, send(u, pw, "GET", tb + "/agents/" + bAgent + "/profile", null), "B's agent profile");
        expect(failures, 403, send(u, pw, "PUT", tb + "/agents/" + bAgent + "/profile", "{\"sipUser\":\"x.y.z\",\"sipPassword\":\"Hacked-pass\"}"), "take B's SIP identity");
        expect(failures, 403, send(u, pw, "DELETE", tb + "/agents/" + bAgent + "/profile", null), "delete B's agent profile");
        expect(failures, 403, send(u, pw, "POST", tb + "/agents/" + bAgent + "/login", "{}"), "log B's agent in");
        expect(failures, 403, send(u, pw, "PUT", tb + "/agents/" + bAgent + "/state", "{\"state\":\"READY\"}"), "set B's agent ready");
        expect(failures, 403, send(u, pw, "GET", tb + "/agents/" + bAgent + "/history", null), "B's agent history");
        expect(failures, 403, send(u, pw, "GET", tb + "/reason-codes", null), "B's reason codes");
        expect(failures, 403, send(u, pw, "PUT", tb + "/reason-codes", "[{\"code\":\"x\",\"label\":\"x\"}]"), "change B's reason codes");
        expect(failures, 403, send(u, pw, "GET", tb + "/dids", null), "B's DIDs");
        expect(failures, 403, send(u, pw, "PUT", tb + "/dids/" + did, "{\"queue\":null}"), "re-route B's DID");
        expect(failures, 403, send(u, pw, "GET", tb + "/calls", null), "B's calls");
        expect(failures, 403, send(u, pw, "POST", tb + "/calls", "{\"number\":\"13800000000\",\"target\":{\"queue\":\"support\"}}"), "originate as B");
        expect(failures, 403, send(u, pw, "GET", tb + "/cdrs", null), "B's CDRs");
        expect(failures, 403, send(u, pw, "GET", tb + "/realtime", null), "B's real-time figures");
        // B's telephony through A's own paths: not found
        String ta = "/tenants/" + a;
        expect(failures, 404, send(u, pw, "GET", ta + "/queues/support", null), "B's queue by name in A");
        expect(failures, 404, send(u, pw, "DELETE", ta + "/queues/support", null), "delete B's queue from A");
        expect(failures, 404, send(u, pw, "GET", ta + "/agents/" + bAgent, null), "B's agent in A");
        expect(failures, 404, send(u, pw, "PUT", ta + "/agents/" + bAgent + "/profile", "{\"sipUser\":\"x.y.z\",\"sipPassword\":\"Hacked-pass\"}"), "B's user as A's agent");
        expect(failures, 404, send(u, pw, "PUT", ta + "/dids/" + did, "{\"queue\":null}"), "B's DID through A");
        expect(failures, 400, send(u, pw, "PUT", ta + "/queues/mine", "{\"overflowQueue\":\"support\"}"), "overflow into B's queue");
        // operator-only telephony
        expect(failures, 403, send(u, pw, "GET", "/trunks", null), "trunks");
        expect(failures, 403, send(u, pw, "GET", "/dids", null), "all DIDs");
        expect(failures, 403, send(u, pw, "PUT", "/dids/" + did, "{\"tenantId\":\"" + a + "\"}"), "steal B's DID");
        assertTrue("isolation holes: " + failures, failures.isEmpty());
        assertEquals(0, get(u, pw, ta + "/queues").json.size());
        assertEquals(0, get(u, pw, ta + "/dids").json.size());

        // and B's telephony is exactly as it was
        assertEquals("客服热线", op("GET", tb + "/queues/support", null).json.get("displayName").asText());
        assertEquals(4, op("GET", tb + "/agents/" + bAgent + "/profile", null).json.get("skills").get("cantonese").asInt());
        assertEquals(b, op("GET", tb + "/dids", null).json.get(0).get("tenantId").asText());
        assertEquals("support", op("GET", tb + "/dids", null).json.get(0).get("queue").asText());
        assertTrue(op("GET", tb + "/reason-codes", null).json.toString().contains("辅导"));
    }

    @Test
    public void tenantAdminCannotReadOrChangeAnotherTenant() throws Exception {
        String a = createTenant("iso-a", 2, 1);
        String b = fileTenant();
        createUser(a, "admin", "[\"tenant-admin\"]");
        String bAdmin = createUser(b, "admin", "[\"tenant-admin\"]");
        String bAgent = createUser(b, "agent1", "[\"agent\"]");
        String bTeam = op("POST", "/tenants/" + b + "/teams", "{\"name\":\"夜班\",\"description\":\"night shift\"}").json.get("id").asText();
        JsonNode issued = op("POST", "/tenants/" + b + "/tokens", "{\"userId\":\"" + bAdmin + "\",\"name\":\"crm\"}").json;
        String bTokenId = issued.get("token").get("id").asText();
        String bSecret = issued.get("secret").asText();
        Answer seated = op("POST", "/tenants/" + b + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + bAgent + "\"}");
        assertEquals(seated.toString(), 201, seated.status);
        String bSeat = seated.json.get("id").asText();
        String snapshot = snapshot(b);

        String u = "admin@" + a;
        String pw = PASSWORD;
        assertEquals("A's admin works in A", 200, get(u, pw, "/tenants/" + a + "/users").status);

        List<String> failures = new ArrayList<>();
        // B's resources through B's paths: 403 (no permission on tenant B)
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b, null), "get tenant B");
        expect(failures, 403, send(u, pw, "PATCH", "/tenants/" + b, "{\"displayName\":\"hacked\"}"), "update tenant B");
        expect(failures, 403, send(u, pw, "PUT", "/tenants/" + b, "{\"dedicatedSeats\":99}"), "replace tenant B");
        expect(failures, 403, send(u, pw, "DELETE", "/tenants/" + b, null), "close tenant B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/suspend", "{\"reason\":\"x\"}"), "suspend tenant B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/resume", null), "resume tenant B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/close", "{\"reason\":\"x\"}"), "close tenant B (POST)");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/seat-history", null), "seat history of B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/seats", null), "seats of B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + bAgent + "\"}"),
            "assign seat in B");
        expect(failures, 403, send(u, pw, "DELETE", "/tenants/" + b + "/seats/" + bSeat + "/assignment", null), "release seat in B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/users", null), "list users of B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/users",
            "{\"username\":\"intruder\",\"roles\":[\"agent\"],\"password\":\"" + PASSWORD + "\"}"), "create user in B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/users/" + bAdmin, null), "get user of B");
        expect(failures, 403, send(u, pw, "PATCH", "/tenants/" + b + "/users/" + bAdmin, "{\"enabled\":false}"), "update user of B");
        expect(failures, 403, send(u, pw, "DELETE", "/tenants/" + b + "/users/" + bAgent, null), "delete user of B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/users/" + bAdmin + "/password", "{\"password\":\"Hacked-123\"}"),
            "set password of B's user");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/teams", null), "list teams of B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/teams", "{\"name\":\"x\"}"), "create team in B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/teams/" + bTeam, null), "get team of B");
        expect(failures, 403, send(u, pw, "PATCH", "/tenants/" + b + "/teams/" + bTeam, "{\"name\":\"hacked\"}"), "update team of B");
        expect(failures, 403, send(u, pw, "DELETE", "/tenants/" + b + "/teams/" + bTeam, null), "delete team of B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/tokens", null), "list tokens of B");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + b + "/tokens", "{\"userId\":\"" + bAdmin + "\",\"name\":\"steal\"}"),
            "issue token in B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/tokens/" + bTokenId, null), "get token of B");
        expect(failures, 403, send(u, pw, "DELETE", "/tenants/" + b + "/tokens/" + bTokenId, null), "revoke token of B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/audit", null), "audit of B");
        expect(failures, 403, send(u, pw, "GET", "/tenants/" + b + "/plugins", null), "plug-ins of B");
        // operator-only endpoints
        expect(failures, 403, send(u, pw, "GET", "/tenants", null), "list all tenants");
        expect(failures, 403, send(u, pw, "POST", "/tenants", "{\"id\":\"" + unique("x") + "\",\"displayName\":\"x\"}"), "create tenant");
        expect(failures, 403, send(u, pw, "GET", "/audit", null), "operator audit");
        expect(failures, 403, send(u, pw, "GET", "/plugins", null), "all plug-ins");
        expect(failures, 403, send(u, pw, "GET", "/shared-pool", null), "shared pool");
        expect(failures, 403, send(u, pw, "PUT", "/shared-pool", "{\"size\":0}"), "resize shared pool");
        // B's ids through A's own paths: 404 (scoped to A, B's rows do not exist there)
        expect(failures, 404, send(u, pw, "GET", "/tenants/" + a + "/users/" + bAdmin, null), "B's user via A");
        expect(failures, 404, send(u, pw, "PATCH", "/tenants/" + a + "/users/" + bAdmin, "{\"enabled\":false}"), "update B's user via A");
        expect(failures, 404, send(u, pw, "DELETE", "/tenants/" + a + "/users/" + bAgent, null), "delete B's user via A");
        expect(failures, 404, send(u, pw, "POST", "/tenants/" + a + "/users/" + bAdmin + "/password", "{\"password\":\"Hacked-123\"}"),
            "password of B's user via A");
        expect(failures, 404, send(u, pw, "GET", "/tenants/" + a + "/teams/" + bTeam, null), "B's team via A");
        expect(failures, 404, send(u, pw, "PATCH", "/tenants/" + a + "/teams/" + bTeam, "{\"name\":\"hacked\"}"), "update B's team via A");
        expect(failures, 404, send(u, pw, "DELETE", "/tenants/" + a + "/teams/" + bTeam, null), "delete B's team via A");
        expect(failures, 404, send(u, pw, "GET", "/tenants/" + a + "/tokens/" + bTokenId, null), "B's token via A");
        expect(failures, 404, send(u, pw, "DELETE", "/tenants/" + a + "/tokens/" + bTokenId, null), "revoke B's token via A");
        expect(failures, 404, send(u, pw, "POST", "/tenants/" + a + "/tokens", "{\"userId\":\"" + bAdmin + "\",\"name\":\"steal\"}"),
            "issue a token for B's user via A");
        expect(failures, 404, send(u, pw, "POST", "/tenants/" + a + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + bAgent + "\"}"),
            "seat B's agent via A");
        expect(failures, 404, send(u, pw, "DELETE", "/tenants/" + a + "/seats/" + bSeat + "/assignment", null), "release B's seat via A");
        expect(failures, 403, send(u, pw, "POST", "/tenants/" + a + "/seats/assignments", "{\"seatId\":\"" + b + "-D002\",\"userId\":\""
            + createUser(a, "agentx", "[\"agent\"]") + "\"}"), "take B's dedicated seat via A");
        // lists in A show nothing of B
        JsonNode aUsers = get(u, pw, "/tenants/" + a + "/users").json.get("items");
        for (JsonNode n : aUsers) {
            if (!n.get("tenantId").asText().equals(a)) {
                failures.add("A's user list contains " + n);
            }
        }
        JsonNode aAudit = get(u, pw, "/tenants/" + a + "/audit?limit=500").json.get("items");
        for (JsonNode n : aAudit) {
            if (!n.get("tenantId").asText().equals(a)) {
                failures.add("A's audit contains " + n);
            }
        }
        // searched on the server (users by a word and by role, teams by a word, the audit by action and text): B's rows
        // match the words, yet never come back in A
        for (String path : List.of("/tenants/" + a + "/users?q=agent1", "/tenants/" + a + "/users?role=agent", "/tenants/" + a + "/teams?q="
            + java.net.URLEncoder.encode("夜班", java.nio.charset.StandardCharsets.UTF_8), "/tenants/" + a + "/audit?action=user&q=agent1&limit=500")) {
            for (JsonNode n : get(u, pw, path).json.get("items")) {
                if (!a.equals(n.get("tenantId").asText())) {
                    failures.add(path + " in A contains " + n);
                }
            }
        }
        // B's API token cannot act in A
        Answer viaToken = sendRequest(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/tenants/" + a + "/users"))
            .header("Authorization", "Bearer " + bSecret).GET().build());
        expect(failures, 403, viaToken, "B's token on A's users");

        assertTrue("isolation failures:\n" + String.join("\n", failures), failures.isEmpty());
        assertEquals("B's data is unchanged", snapshot, snapshot(b));
        assertFalse(snapshot.contains("hacked"));
    }

    private static void expect(List<String> failures, int status, Answer a, String what) {
        if (a.status != status) {
            failures.add(what + ": expected " + status + " but got " + a);
        }
    }

    /** Everything the operator sees of tenant B, minus volatile fields (token last use). */
    private String snapshot(String b) {
        StringBuilder sb = new StringBuilder();
        JsonNode tenant = op("GET", "/tenants/" + b, null).json;
        sb.append(tenant.get("status")).append(tenant.get("displayName")).append(tenant.get("dedicatedSeats")).append(tenant.get("sharedSeats"))
            .append(tenant.get("updatedAt")).append('\n');
        sb.append(op("GET", "/tenants/" + b + "/users", null).json.get("items")).append('\n');
        sb.append(op("GET", "/tenants/" + b + "/teams", null).json.get("items")).append('\n');
        for (JsonNode t : op("GET", "/tenants/" + b + "/tokens", null).json.get("items")) {
            sb.append(t.get("id")).append(t.get("name")).append(t.get("revokedAt")).append('\n');
        }
        sb.append(op("GET", "/tenants/" + b + "/seats", null).json).append('\n');
        sb.append(op("GET", "/tenants/" + b + "/seat-history", null).json).append('\n');
        return sb.toString();
    }

    /**
     * KPI reports on this database: each company's calls (written as telephony writes CDRs), counted by a rebuild from
     * the raw rows, are its own — its report, its export, its rebuild; another company's administrator is refused and
     * reads only its own; the operator's summary names each with its own figures.
     */
    @Test
    public void reportsAreEachCompanysOwnOnThisDatabase() throws Exception {
        String a = createTenant("repa", 2, 0);
        String b = createTenant("repb", 2, 0);
        createUser(a, "boss", "[\"tenant-admin\"]");
        createUser(b, "boss", "[\"tenant-admin\"]");
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1);
        java.time.Instant noon = day.atTime(12, 0).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement p = c.prepareStatement("insert into sl_cdr (id, tenant_id, "
            + "direction, from_party, to_party, queue_name, offered_at, answered_at, ended_at, wait_ms, talk_ms, hold_ms, disposition, transfers) "
            + "values (?, ?, 'INBOUND', '+8613800001111', '4001', 'sales', ?, ?, ?, ?, ?, 0, ?, 0)")) {
            // A: two answered (waits 5 s and 30 s: one in the 20 s target), one abandoned after 40 s; B: one answered
            Object[][] calls = {{a, 5_000L, 60_000L, "ANSWERED"}, {a, 30_000L, 90_000L, "ANSWERED"}, {a, 40_000L, 0L, "ABANDONED"},
                {b, 1_000L, 30_000L, "ANSWERED"}};
            int i = 0;
            for (Object[] call : calls) {
                java.time.Instant at = noon.plusSeconds(900L * i); // a quarter-hour apart
                long wait = (Long) call[1];
                boolean answered = "ANSWERED".equals(call[3]);
                p.setString(1, call[0] + "-k" + i++);
                p.setString(2, (String) call[0]);
                p.setTimestamp(3, java.sql.Timestamp.from(at));
                p.setTimestamp(4, answered ? java.sql.Timestamp.from(at.plusMillis(wait)) : null);
                p.setTimestamp(5, java.sql.Timestamp.from(at.plusMillis(wait + (Long) call[2])));
                p.setLong(6, wait);
                p.setLong(7, (Long) call[2]);
                p.setString(8, (String) call[3]);
                p.addBatch();
            }
            p.executeBatch();
        }
        String range = "from=" + day + "&to=" + day;
        JsonNode rebuiltA = send("boss@" + a, PASSWORD, "POST", "/tenants/" + a + "/reports/rebuild?" + range, null).json;
        assertEquals(rebuiltA.toString(), 3, rebuiltA.get("calls").asInt());
        assertEquals(1, send("boss@" + b, PASSWORD, "POST", "/tenants/" + b + "/reports/rebuild?" + range, null).json.get("calls").asInt());
        // a rebuild of another company's days is refused and counts nothing
        assertEquals(403, send("boss@" + a, PASSWORD, "POST", "/tenants/" + b + "/reports/rebuild?" + range, null).status);
        JsonNode ka = send("boss@" + a, PASSWORD, "GET", "/tenants/" + a + "/reports/kpis?" + range + "&by=QUEUE", null).json;
        assertEquals(ka.toString(), 3, ka.get("total").get("offered").asInt());
        assertEquals(2, ka.get("total").get("answered").asInt());
        assertEquals(0.5, ka.get("total").get("serviceLevelOfAnswered").asDouble(), 1e-9);
        assertEquals(1 / 3.0, ka.get("total").get("serviceLevel").asDouble(), 1e-9);
        assertEquals(17.5, ka.get("total").get("asaSeconds").asDouble(), 1e-9);
        assertEquals(40.0, ka.get("total").get("longestWaitSeconds").asDouble(), 1e-9);
        JsonNode kb = send("boss@" + b, PASSWORD, "GET", "/tenants/" + b + "/reports/kpis?" + range, null).json;
        assertEquals(1, kb.get("total").get("offered").asInt());
        assertEquals(403, send("boss@" + a, PASSWORD, "GET", "/tenants/" + b + "/reports/kpis?" + range, null).status);
        assertEquals(403, send("boss@" + a, PASSWORD, "GET", "/tenants/" + b + "/reports/kpis/export?" + range, null).status);
        assertEquals(403, send("boss@" + a, PASSWORD, "GET", "/reports/tenants?" + range, null).status);
        // the same figures by the quarter-hour (the other table), and rebuilt again: identical
        JsonNode quarters = send("boss@" + a, PASSWORD, "GET", "/tenants/" + a + "/reports/kpis?" + range + "&granularity=MIN15", null).json;
        assertEquals(ka.get("total").toString(), quarters.get("total").toString());
        assertEquals(3, quarters.get("rows").size());
        send("boss@" + a, PASSWORD, "POST", "/tenants/" + a + "/reports/rebuild?" + range, null);
        assertEquals(ka.toString(), send("boss@" + a, PASSWORD, "GET", "/tenants/" + a + "/reports/kpis?" + range + "&by=QUEUE", null).json.toString());
        java.util.Map<String, Integer> offered = new java.util.HashMap<>();
        op("GET", "/reports/tenants?" + range, null).json.forEach(x -> offered.put(x.get("tenantId").asText(), x.get("kpis").get("offered").asInt()));
        assertEquals(Integer.valueOf(3), offered.get(a));
        assertEquals(Integer.valueOf(1), offered.get(b));
    }
}
