package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The platform on the default embedded H2: one Karaf for the whole class. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends AbstractIsolationIT {

    @Inject
    private SessionFactory sessionFactory;

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    public void exampleTenantsAreProvisionedFromTenantFiles() {
        JsonNode acme = op("GET", "/tenants/acme", null).json;
        assertEquals("ACME Insurance", acme.get("displayName").asText());
        assertEquals(10, acme.get("dedicatedSeats").asInt());
        JsonNode hexin = op("GET", "/tenants/hexin", null).json;
        assertEquals("和信公用事业热线", hexin.get("displayName").asText());
        assertEquals("Asia/Shanghai", hexin.get("timezone").asText());
        assertTrue(hexin.get("source").asText().endsWith("hexin.cfg"));
        assertEquals(20, op("GET", "/tenants/hexin/seats", null).json.get("seats").size());
        createUser("hexin", "viewer", "[\"agent\"]");
        JsonNode own = get("viewer@hexin", PASSWORD, "/tenants/hexin").json;
        assertEquals("和信公用事业热线", own.get("displayName").asText());
        assertTrue("a tenant user does not see server paths", own.get("source").isNull());
    }

    @Test
    public void theNodeStartsWithoutCircularReferences() throws Exception {
        // the platform's Camel context binds the routes; a route referencing the context back made SCR log an ERROR
        // ("Circular reference detected") at every start
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        assertTrue(log.toString(), Files.isReadable(log));
        String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue("the log has the start", text.contains("io.seatline"));
        assertFalse(text.lines().filter(l -> l.contains("Circular reference")).findFirst().orElse(""), text.contains("Circular reference"));
    }

    @Test
    public void seatLimitsAreEnforcedAtLogin() {
        assertEquals(200, op("PUT", "/shared-pool", "{\"size\":20}").status);
        String t = createTenant("seats", 1, 1);
        String a1 = createUser(t, "a1", "[\"agent\"]");
        String a2 = createUser(t, "a2", "[\"agent\"]");
        String a3 = createUser(t, "a3", "[\"agent\"]");
        String sup = createUser(t, "sup", "[\"supervisor\"]");
        String admin = "sup@" + t;
        // the tenant sees what it can take from the shared pool (its allowance of 1), not the pool's 20 free seats
        assertEquals(1, get(admin, PASSWORD, "/tenants/" + t + "/seats").json.get("sharedPoolFree").asInt());
        assertTrue(op("GET", "/tenants/" + t + "/seats", null).json.get("sharedPoolFree").asInt() > 1);

        Answer first = post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + a1 + "\"}");
        assertEquals(first.toString(), 201, first.status);
        assertEquals("DEDICATED", first.json.get("kind").asText());
        Answer second = post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + a2 + "\"}");
        assertEquals(second.toString(), 201, second.status);
        assertEquals("SHARED", second.json.get("kind").asText());
        Answer third = post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + a3 + "\"}");
        assertEquals(third.toString(), 409, third.status);
        assertEquals("seats_exhausted", third.code());
        // the same agent twice, a non-agent, an occupied seat, another tenant's seat
        assertEquals("agent_already_seated", post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments",
            "{\"seatId\":\"auto\",\"userId\":\"" + a1 + "\"}").code());
        assertEquals("not_an_agent", post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments",
            "{\"seatId\":\"auto\",\"userId\":\"" + sup + "\"}").code());
        assertEquals("seat_occupied", post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments",
            "{\"seatId\":\"" + t + "-D001\",\"userId\":\"" + a3 + "\"}").code());
        Answer foreign = post(admin, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"acme-D001\",\"userId\":\"" + a3 + "\"}");
        assertEquals(foreign.toString(), 403, foreign.status);
        assertEquals("seat_of_other_tenant", foreign.code());
        // an agent logs itself out, then in again
        Answer self = delete("a1@" + t, PASSWORD, "/tenants/" + t + "/seats/" + first.json.get("id").asText() + "/assignment");
        assertEquals(self.toString(), 200, self.status);
        Answer selfIn = post("a3@" + t, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + a3 + "\"}");
        assertEquals(selfIn.toString(), 201, selfIn.status);
        // an agent cannot log somebody else out
        Answer notMine = delete("a3@" + t, PASSWORD, "/tenants/" + t + "/seats/" + second.json.get("id").asText() + "/assignment");
        assertEquals(notMine.toString(), 403, notMine.status);
        assertEquals("not_your_seat", notMine.code());
        // an agent cannot seat somebody else
        assertEquals(403, post("a3@" + t, PASSWORD, "/tenants/" + t + "/seats/assignments",
            "{\"seatId\":\"auto\",\"userId\":\"" + a1 + "\"}").status);
        // shrinking below what is in use is refused and changes nothing
        Answer shrink = op("PATCH", "/tenants/" + t, "{\"dedicatedSeats\":0}");
        assertEquals(shrink.toString(), 409, shrink.status);
        assertEquals(1, op("GET", "/tenants/" + t, null).json.get("dedicatedSeats").asInt());
        // growing is recorded for billing
        assertEquals(200, op("PATCH", "/tenants/" + t, "{\"dedicatedSeats\":3}").status);
        JsonNode history = op("GET", "/tenants/" + t + "/seat-history", null).json;
        JsonNode last = history.get(history.size() - 1);
        assertEquals("DEDICATED", last.get("kind").asText());
        assertEquals(1, last.get("oldCount").asInt());
        assertEquals(3, last.get("newCount").asInt());
        assertNotNull(last.get("changedAt").asText());
        assertEquals(3, op("GET", "/tenants/" + t + "/seats", null).json.get("dedicatedRented").asInt());
    }

    @Test
    public void supervisorsActOnlyForTheirOwnTeams() {
        String t = createTenant("teams", 4, 0);
        String lead = createUser(t, "lead", "[\"supervisor\"]");
        String day = op("POST", "/tenants/" + t + "/teams", "{\"name\":\"白班\",\"supervisorUserId\":\"" + lead + "\"}").json.get("id").asText();
        String night = op("POST", "/tenants/" + t + "/teams", "{\"name\":\"夜班\"}").json.get("id").asText();
        String mine = createUser(t, "mine", "[\"agent\"]");
        String other = createUser(t, "other", "[\"agent\"]");
        assertEquals(200, op("PATCH", "/tenants/" + t + "/users/" + mine, "{\"teamId\":\"" + day + "\"}").status);
        assertEquals(200, op("PATCH", "/tenants/" + t + "/users/" + other, "{\"teamId\":\"" + night + "\"}").status);
        String login = "lead@" + t;
        assertEquals(201, post(login, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + mine + "\"}").status);
        Answer foreign = post(login, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + other + "\"}");
        assertEquals(foreign.toString(), 403, foreign.status);
        assertEquals("other_team", foreign.code());
        // the tenant admin tier is not limited by teams
        createUser(t, "boss", "[\"tenant-admin\"]");
        Answer seated = post("boss@" + t, PASSWORD, "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + other + "\"}");
        assertEquals(201, seated.status);
        Answer release = delete(login, PASSWORD, "/tenants/" + t + "/seats/" + seated.json.get("id").asText() + "/assignment");
        assertEquals(release.toString(), 403, release.status);
        assertEquals(1, op("GET", "/tenants/" + t + "/seats", null).json.get("seats").findValues("agentLogin").stream()
            .filter(n -> n.asText().equals("other@" + t)).count());
        // the lists are searched on the server: users by a part of their login and by role, teams by name, tenants by id
        JsonNode agents = op("GET", "/tenants/" + t + "/users?role=agent", null).json;
        assertEquals(agents.toString(), 2, agents.get("total").asInt());
        JsonNode found = op("GET", "/tenants/" + t + "/users?q=OTH", null).json;
        assertEquals(found.toString(), 1, found.get("total").asInt());
        assertEquals("other@" + t, found.get("items").get(0).get("login").asText());
        assertEquals(0, op("GET", "/tenants/" + t + "/users?q=%25", null).json.get("total").asInt());
        JsonNode nights = op("GET", "/tenants/" + t + "/teams?q=" + java.net.URLEncoder.encode("夜", java.nio.charset.StandardCharsets.UTF_8), null).json;
        assertEquals(nights.toString(), 1, nights.get("total").asInt());
        assertEquals(night, nights.get("items").get(0).get("id").asText());
        JsonNode tenants = op("GET", "/tenants?q=" + t, null).json;
        assertEquals(tenants.toString(), 1, tenants.get("total").asInt());
    }

    @Test
    public void suspensionLogsAgentsOutAndRefusesLoginUntilResumed() {
        String t = createTenant("susp", 2, 0);
        String agent = createUser(t, "agent", "[\"agent\"]");
        createUser(t, "admin", "[\"tenant-admin\"]");
        assertEquals(201, op("POST", "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + agent + "\"}").status);
        Answer s = op("POST", "/tenants/" + t + "/suspend", "{\"reason\":\"invoice overdue 逾期\"}");
        assertEquals(s.toString(), "SUSPENDED", s.json.get("status").asText());
        assertEquals(0, op("GET", "/tenants/" + t + "/seats", null).json.get("dedicatedInUse").asInt());
        Answer login = get("admin@" + t, PASSWORD, "/me");
        assertEquals(login.toString(), 403, login.status);
        assertEquals("tenant_not_active", login.code());
        // a wrong password gets the very same answer: the suspended tenant's logins are no password oracle
        Answer wrong = get("admin@" + t, "Not-the-password-1", "/me");
        assertEquals(wrong.toString(), 403, wrong.status);
        assertEquals("tenant_not_active", wrong.code());
        assertEquals(login.json.get("message").asText(), wrong.json.get("message").asText());
        Answer seat = op("POST", "/tenants/" + t + "/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + agent + "\"}");
        assertEquals(seat.toString(), 403, seat.status);
        assertEquals("tenant_not_active", seat.code());
        assertEquals("ACTIVE", op("POST", "/tenants/" + t + "/resume", null).json.get("status").asText());
        assertEquals(200, get("admin@" + t, PASSWORD, "/me").status);
        assertEquals(201, post("admin@" + t, PASSWORD, "/tenants/" + t + "/seats/assignments",
            "{\"seatId\":\"auto\",\"userId\":\"" + agent + "\"}").status);
        // audit trail of the tenant shows who suspended it and why
        boolean audited = false;
        for (JsonNode e : op("GET", "/tenants/" + t + "/audit?limit=100", null).json.get("items")) {
            audited |= e.get("action").asText().equals("tenant.suspended") && e.get("detail").asText().contains("逾期")
                && e.get("actor").asText().equals(OPERATOR);
        }
        assertTrue("suspension is audited with actor and reason", audited);
        // closing is final
        assertEquals("CLOSED", op("DELETE", "/tenants/" + t, null).json.get("status").asText());
        assertEquals("tenant_closed", op("POST", "/tenants/" + t + "/resume", null).code());
    }

    @Test
    public void tenantFilesProvisionReconfigureAndSuspendWithoutRestart() throws Exception {
        String id = unique("hot");
        Path file = Paths.get(System.getProperty("karaf.base"), "tenants", id + ".cfg");
        Files.writeString(file, cfg(id, "热线 " + id, "4"), StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/" + id, null).status == 200);
        assertEquals(4, op("GET", "/tenants/" + id, null).json.get("dedicatedSeats").asInt());

        Files.writeString(file, cfg(id, "热线改名 " + id, "6"), StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/" + id, null).json.get("dedicatedSeats").asInt() == 6);
        assertEquals("热线改名 " + id, op("GET", "/tenants/" + id, null).json.get("displayName").asText());
        assertEquals(6, op("GET", "/tenants/" + id + "/seats", null).json.get("seats").size());

        // a bad value: logged with file name and key, the tenant is left as it was
        Files.writeString(file, cfg(id, "should not apply", "lots"), StandardCharsets.UTF_8);
        Path log = Paths.get(System.getProperty("karaf.data"), "log", "karaf.log");
        await().atMost(WAIT).until(() -> Files.readString(log).contains(id + ".cfg: key seats.dedicated"));
        JsonNode unchanged = op("GET", "/tenants/" + id, null).json;
        assertEquals(6, unchanged.get("dedicatedSeats").asInt());
        assertEquals("热线改名 " + id, unchanged.get("displayName").asText());
        // an invalid time zone, same discipline
        Files.writeString(file, cfg(id, "should not apply", "6").replace("Asia/Shanghai", "Mars/Olympus"), StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> Files.readString(log).contains(id + ".cfg: key timezone"));
        assertEquals("Asia/Shanghai", op("GET", "/tenants/" + id, null).json.get("timezone").asText());

        Files.delete(file);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/" + id, null).json.get("status").asText().equals("SUSPENDED"));

        Files.writeString(file, cfg(id, "热线回来 " + id, "6"), StandardCharsets.UTF_8);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/" + id, null).json.get("status").asText().equals("ACTIVE"));
        assertEquals("热线回来 " + id, op("GET", "/tenants/" + id, null).json.get("displayName").asText());
    }

    private static String cfg(String id, String name, String dedicated) {
        return "tenant.id=" + id + "\nname=" + name + "\ntimezone=Asia/Shanghai\nlocale=zh-CN\nseats.dedicated=" + dedicated
            + "\nseats.shared=0\n";
    }

    @Test
    public void badInputGetsClearErrorsAndChangesNothing() {
        long before = op("GET", "/tenants?limit=500", null).json.get("total").asLong();
        Answer invalid = op("POST", "/tenants", "{\"id\":\"Bad Id!\",\"displayName\":\"x\"}");
        assertEquals(400, invalid.status);
        assertEquals("invalid_tenant_id", invalid.code());
        assertEquals("id", invalid.json.get("field").asText());
        assertEquals("duplicate id", 409, op("POST", "/tenants", "{\"id\":\"acme\",\"displayName\":\"again\"}").status);
        assertEquals("ACME Insurance", op("GET", "/tenants/acme", null).json.get("displayName").asText());
        Answer unknown = op("POST", "/tenants", "{\"id\":\"unk-field\",\"displayName\":\"x\",\"colour\":\"red\"}");
        assertEquals(400, unknown.status);
        assertEquals("unknown_field", unknown.code());
        assertEquals("colour", unknown.json.get("field").asText());
        Answer malformed = op("POST", "/tenants", "{\"id\":\"malformed\",");
        assertEquals(400, malformed.status);
        assertEquals("malformed_json", malformed.code());
        Answer badSeats = op("POST", "/tenants", "{\"id\":\"neg-seats\",\"displayName\":\"x\",\"dedicatedSeats\":-1}");
        assertEquals(400, badSeats.status);
        assertEquals("dedicatedSeats", badSeats.json.get("field").asText());
        Answer badType = op("POST", "/tenants", "{\"id\":\"bad-type\",\"displayName\":\"x\",\"dedicatedSeats\":\"many\"}");
        assertEquals(400, badType.status);
        assertEquals(404, op("GET", "/tenants/unk-field", null).status);
        assertEquals(404, op("GET", "/tenants/neg-seats", null).status);
        assertEquals(404, op("GET", "/tenants/bad-type", null).status);
        assertEquals(before, op("GET", "/tenants?limit=500", null).json.get("total").asLong());
        // a rejected user leaves nothing behind
        String t = createTenant("bad", 1, 0);
        assertEquals("weak_password", op("POST", "/tenants/" + t + "/users",
            "{\"username\":\"weak\",\"roles\":[\"agent\"],\"password\":\"123\"}").code());
        assertEquals("invalid_role", op("POST", "/tenants/" + t + "/users",
            "{\"username\":\"root\",\"roles\":[\"operator\"],\"password\":\"" + PASSWORD + "\"}").code());
        assertEquals(0, op("GET", "/tenants/" + t + "/users", null).json.get("total").asInt());
        // errors are JSON for unknown paths and unauthenticated calls too
        assertEquals("not_found", op("GET", "/no/such/thing", null).code());
        Answer anon = get(null, null, "/tenants");
        assertEquals(401, anon.status);
        assertEquals("unauthenticated", anon.code());
        assertEquals("invalid_limit", op("GET", "/tenants?limit=100000", null).code());
    }

    @Test
    public void wrongPasswordsFromOneAddressThrottleItAndFromManyAddressesLockTheAccount() {
        String t = createTenant("lock", 0, 0);
        createUser(t, "victim", "[\"agent\"]");
        String login = "victim@" + t;
        // one address: five wrong passwords, then 429 for that login from there — even with the right password
        for (int i = 0; i < 5; i++) {
            Answer a = getFrom("127.0.0.21", login, "wrong-pass-" + i, "/me");
            assertEquals(a.toString(), "invalid_credentials", a.code());
        }
        Answer throttled = getFrom("127.0.0.21", login, PASSWORD, "/me");
        assertEquals(throttled.toString(), 429, throttled.status);
        assertEquals("too_many_attempts", throttled.code());
        // ... but it cannot lock the victim out: the right password from elsewhere works
        assertEquals(200, getFrom("127.0.0.22", login, PASSWORD, "/me").status);
        // failures from five different addresses (a distributed guess) lock the account, the right password included
        for (int i = 0; i < 4; i++) {
            assertEquals("invalid_credentials", getFrom("127.0.0.3" + i, login, "wrong-pass", "/me").code());
        }
        assertEquals("account_locked", getFrom("127.0.0.34", login, "wrong-pass", "/me").code());
        Answer right = getFrom("127.0.0.35", login, PASSWORD, "/me");
        assertEquals(401, right.status);
        assertEquals("account_locked", right.code());
        // the operator unlocks by setting a new password
        String id = op("GET", "/tenants/" + t + "/users", null).json.get("items").get(0).get("id").asText();
        // a change without a password is refused (it used to answer 204 and change nothing), and the lock holds
        Answer empty = op("POST", "/tenants/" + t + "/users/" + id + "/password", "{}");
        assertEquals(empty.toString(), 400, empty.status);
        assertEquals("password", empty.json.get("field").asText());
        assertEquals("account_locked", getFrom("127.0.0.35", login, PASSWORD, "/me").code());
        assertEquals(204, op("POST", "/tenants/" + t + "/users/" + id + "/password", "{\"password\":\"Fresh-pass-1\"}").status);
        assertEquals(200, getFrom("127.0.0.35", login, "Fresh-pass-1", "/me").status);
        boolean locked = false;
        boolean throttleAudited = false;
        for (JsonNode e : op("GET", "/tenants/" + t + "/audit?limit=100", null).json.get("items")) {
            locked |= e.get("action").asText().equals("login.locked");
            throttleAudited |= e.get("action").asText().equals("login.throttled") && e.toString().contains("127.0.0.21");
        }
        assertTrue("the lock-out is audited", locked);
        assertTrue("the throttle is audited with its address", throttleAudited);
    }

    @Test
    public void operatorManagesOperatorUsers() {
        String name = unique("ops");
        Answer created = op("POST", "/operator-users", "{\"username\":\"" + name + "\",\"roles\":[\"operator\"],\"password\":\"" + PASSWORD + "\"}");
        assertEquals(created.toString(), 201, created.status);
        assertEquals(name, created.json.get("login").asText());
        assertEquals(200, get(name, PASSWORD, "/tenants").status);
        assertEquals("an operator user cannot get a tenant role", "invalid_role", op("POST", "/operator-users",
            "{\"username\":\"" + unique("x") + "\",\"roles\":[\"agent\"],\"password\":\"" + PASSWORD + "\"}").code());
        for (JsonNode u : op("GET", "/operator-users", null).json.get("items")) {
            assertTrue("only operator users are listed: " + u, u.get("tenantId").isNull());
        }
        createUser("acme", unique("adm"), "[\"tenant-admin\"]");
        String acmeAdmin = op("GET", "/tenants/acme/users?limit=500", null).json.get("items").findValues("login").stream()
            .map(JsonNode::asText).filter(l -> l.startsWith("adm-")).findFirst().orElseThrow();
        assertEquals(403, get(acmeAdmin, PASSWORD, "/operator-users").status);
        assertEquals(204, op("DELETE", "/operator-users/" + created.json.get("id").asText(), null).status);
        assertEquals(401, get(name, PASSWORD, "/tenants").status);
    }

    @Test
    public void apiTokensAreHashedAndRevocable() {
        String t = createTenant("tok", 0, 0);
        String integrator = createUser(t, "crm", "[\"integrator\"]");
        Answer issued = post("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens", "{\"name\":\"CRM 同步\",\"ttlDays\":30}");
        assertEquals(issued.toString(), 201, issued.status);
        String secret = issued.json.get("secret").asText();
        String id = issued.json.get("token").get("id").asText();
        assertEquals(integrator, issued.json.get("token").get("userId").asText());
        assertFalse("the list never shows the secret", op("GET", "/tenants/" + t + "/tokens", null).body.contains(secret));
        assertEquals(200, bearer(secret, "/tenants/" + t + "/plugins").status);
        // a token never changes credentials: a leaked integration token must not become a permanent login
        Answer change = sendRequest(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/tenants/" + t + "/users/"
            + integrator + "/password")).header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"Taken-over-123\"}")).build());
        assertEquals(change.toString(), 403, change.status);
        assertEquals("token_cannot_change_credentials", change.code());
        assertEquals(401, get("crm@" + t, "Taken-over-123", "/me").status);
        assertEquals(200, get("crm@" + t, PASSWORD, "/me").status);
        assertEquals(200, delete("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens/" + id).status);
        Answer revoked = bearer(secret, "/tenants/" + t + "/plugins");
        assertEquals(401, revoked.status);
        assertEquals("invalid_token", revoked.code());
        // an integrator cannot mint a token acting as the tenant admin
        String admin = createUser(t, "boss", "[\"tenant-admin\"]");
        Answer escalate = post("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens", "{\"userId\":\"" + admin + "\",\"name\":\"x\"}");
        assertEquals(escalate.toString(), 403, escalate.status);
        // nor see or revoke the admin's own tokens: an integrator manages only its own
        String bossToken = post("boss@" + t, PASSWORD, "/tenants/" + t + "/tokens", "{\"name\":\"boss\"}").json.get("token").get("id").asText();
        assertFalse(get("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens").body.contains(bossToken));
        assertEquals(404, get("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens/" + bossToken).status);
        assertEquals(404, delete("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens/" + bossToken).status);
        assertTrue(get("boss@" + t, PASSWORD, "/tenants/" + t + "/tokens").body.contains(bossToken));
        // a token dies with its user, even if the login is later reused
        String secret2 = post("crm@" + t, PASSWORD, "/tenants/" + t + "/tokens", "{\"name\":\"second\"}").json.get("secret").asText();
        assertEquals(204, op("DELETE", "/tenants/" + t + "/users/" + integrator, null).status);
        createUser(t, "crm", "[\"integrator\"]");
        assertEquals(401, bearer(secret2, "/tenants/" + t + "/plugins").status);
        // one's own password changes only with the current one: an unattended signed-in session is no takeover
        String self = createUser(t, "self", "[\"agent\"]");
        String path = "/tenants/" + t + "/users/" + self + "/password";
        Answer noCurrent = post("self@" + t, PASSWORD, path, "{\"password\":\"Own-new-pass-1\"}");
        assertEquals(noCurrent.toString(), 400, noCurrent.status);
        assertEquals("currentPassword", noCurrent.json.get("field").asText());
        Answer wrongCurrent = post("self@" + t, PASSWORD, path, "{\"password\":\"Own-new-pass-1\",\"currentPassword\":\"Not-mine-123\"}");
        assertEquals(wrongCurrent.toString(), 403, wrongCurrent.status);
        assertEquals("invalid_current_password", wrongCurrent.code());
        assertEquals(200, get("self@" + t, PASSWORD, "/me").status);
        Answer changed = post("self@" + t, PASSWORD, path, "{\"password\":\"Own-new-pass-1\",\"currentPassword\":\"" + PASSWORD + "\"}");
        assertEquals(changed.toString(), 204, changed.status);
        assertEquals(200, get("self@" + t, "Own-new-pass-1", "/me").status);
        assertEquals(401, get("self@" + t, PASSWORD, "/me").status);
    }

    private Answer bearer(String token, String path) {
        return sendRequest(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
            .header("Authorization", "Bearer " + token).GET().build());
    }

    @Test
    public void pluginIsHotDeployedScopedToItsTenantAndRemoved() throws Exception {
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "seatline-plugin-example.jar");
        assertTrue(op("GET", "/tenants/acme/plugins", null).json.isEmpty());
        assertEquals(404, op("GET", "/tenants/acme/seat-activity", null).status);
        assertFalse(get(null, null, "/openapi.json").json.get("paths").has("/tenants/{tenant}/seat-activity"));
        Files.copy(Paths.get(System.getProperty("seatline.it.pluginJar")), deployed, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/acme/plugins", null).json.size() == 1);
        // its own REST resource joins /api/v1 and the OpenAPI document, scoped to acme
        await().atMost(WAIT).until(() -> op("GET", "/tenants/acme/seat-activity", null).status == 200);
        assertTrue(get(null, null, "/openapi.json").json.get("paths").has("/tenants/{tenant}/seat-activity"));
        Answer other = op("GET", "/tenants/hexin/seat-activity", null);
        assertEquals(other.toString(), 404, other.status);
        assertEquals("not_found", other.json.get("code").asText());
        String outsider = unique("outsider");
        createUser("hexin", outsider, "[\"tenant-admin\"]");
        assertEquals("another tenant's admin may not read acme's", 403, get(outsider + "@hexin", PASSWORD, "/tenants/acme/seat-activity").status);
        JsonNode plugin = op("GET", "/tenants/acme/plugins", null).json.get(0);
        assertEquals("acme-seat-activity-logger", plugin.get("name").asText());
        assertEquals("acme", plugin.get("tenantId").asText());
        assertEquals("scoped to acme: hexin does not see it", 0, op("GET", "/tenants/hexin/plugins", null).json.size());
        // an acme seat event reaches it
        String agent = createUser("acme", unique("plug"), "[\"agent\"]");
        assertEquals(201, op("POST", "/tenants/acme/seats/assignments", "{\"seatId\":\"auto\",\"userId\":\"" + agent + "\"}").status);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/acme/plugins", null).json.get(0).get("delivered").asLong() >= 1);
        JsonNode seen = op("GET", "/tenants/acme/seat-activity", null).json;
        boolean mine = false;
        for (JsonNode a : seen) {
            mine |= agent.equals(a.path("userId").asText());
        }
        assertTrue("the plug-in's endpoint shows the seat event of " + agent + ": " + seen, mine);
        Files.delete(deployed);
        await().atMost(WAIT).until(() -> op("GET", "/tenants/acme/plugins", null).json.isEmpty());
        await().atMost(WAIT).until(() -> op("GET", "/tenants/acme/seat-activity", null).status == 404);
        assertFalse(get(null, null, "/openapi.json").json.get("paths").has("/tenants/{tenant}/seat-activity"));
        assertEquals(0, op("GET", "/plugins", null).json.size());
    }

    @Test
    public void tenantAndSeatEventsAreExportedAsJsonLines() throws Exception {
        String t = createTenant("events", 1, 0);
        Path dir = Paths.get(System.getProperty("karaf.data"), "events");
        await().atMost(WAIT).until(() -> exported(dir).contains("\"tenant.id\":\"" + t + "\""));
        String lines = exported(dir);
        JsonNode created = null;
        for (String line : lines.split("\n")) {
            JsonNode n = JSON.readTree(line);
            if (n.path("tenant.id").asText().equals(t) && n.path("topic").asText().equals("io/seatline/tenant/CREATED")) {
                created = n;
            }
        }
        assertNotNull("a CREATED event for " + t + " in " + lines, created);
        assertEquals(OPERATOR, created.get("actor").asText());
        assertEquals(t + " 公司", created.get("displayName").asText());
    }

    private static String exported(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                sb.append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    @Test
    public void openApiDocumentDescribesTheRunningApi() {
        Answer doc = get(null, null, "/openapi.json");
        assertEquals(200, doc.status);
        assertEquals("3.0.3", doc.json.get("openapi").asText());
        JsonNode paths = doc.json.get("paths");
        for (String p : new String[] {"/tenants", "/tenants/{tenant}", "/tenants/{tenant}/seats", "/tenants/{tenant}/seats/assignments",
            "/tenants/{tenant}/users/{id}", "/tenants/{tenant}/teams", "/tenants/{tenant}/tokens", "/tenants/{tenant}/audit", "/audit"}) {
            assertTrue("OpenAPI has " + p, paths.has(p));
        }
        assertTrue(paths.get("/tenants").has("post"));
        // a body is an ...Input schema: bounded texts, no unknown fields
        JsonNode spec = doc.json.get("components").get("schemas").get("TenantSpecInput");
        assertEquals(1000, spec.get("properties").get("displayName").get("maxLength").asInt());
        assertEquals(false, spec.get("additionalProperties").asBoolean());
    }

    @Test
    public void shellCommandsAdministerTenantsSeatsAndUsers() throws Exception {
        String t = unique("shell");
        String out = shell("seatline:tenant-create -n \"控制台 " + t + "\" -z Europe/Berlin -d 2 " + t);
        assertTrue(out, out.contains("Tenant " + t + " created"));
        assertEquals("Europe/Berlin", op("GET", "/tenants/" + t, null).json.get("timezone").asText());
        out = shell("seatline:user-add -t " + t + " -r agent -n Wang wang " + PASSWORD);
        assertTrue(out, out.contains("wang@" + t));
        out = shell("seatline:seat-assign " + t + " auto wang");
        assertTrue(out, out.contains(t + "-D001"));
        out = shell("seatline:seat-list " + t);
        assertTrue(out, out.contains("wang@" + t));
        assertTrue(shell("seatline:tenant-list").contains(t));
        assertTrue(shell("seatline:seat-release " + t + " " + t + "-D001").contains("released"));
        assertTrue(shell("seatline:user-passwd wang@" + t + " Other-pass-9").contains("changed"));
        assertEquals(200, get("wang@" + t, "Other-pass-9", "/me").status);
        assertTrue(shell("seatline:tenant-suspend -r test " + t).contains("SUSPENDED"));
        assertTrue(shell("seatline:tenant-resume " + t).contains("ACTIVE"));
        assertTrue(shell("seatline:tenant-update -d 4 -s 1 " + t).contains("4 dedicated, 1 shared"));
        assertEquals(4, op("GET", "/tenants/" + t, null).json.get("dedicatedSeats").asInt());
        assertTrue(shell("seatline:team-list -a 早班 " + t).contains("早班"));
        assertTrue(shell("seatline:shared-pool").contains("Shared seat pool: "));
        out = shell("seatline:audit-list -t " + t + " -n 50");
        assertTrue(out, out.contains("tenant.create") && out.contains("seats.rental") && out.contains("team.create"));
        // a console error is a clear message, not a stack trace
        out = shell("seatline:tenant-create -n x Bad!");
        assertTrue(out, out.contains("invalid_tenant_id"));
        boolean audited = false;
        for (JsonNode e : op("GET", "/tenants/" + t + "/audit?limit=100", null).json.get("items")) {
            audited |= e.get("actor").asText().startsWith("console:") && e.get("action").asText().equals("tenant.create");
        }
        assertTrue("console actions are audited with the console user", audited);
    }

    private String shell(String command) {
        return shell(sessionFactory, command);
    }
}
