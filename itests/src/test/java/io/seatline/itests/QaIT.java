package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.sql.DataSource;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * QA against the assembled distribution (H2): scorecard checks and versions, hand-computed scores, the agent's view
 * and dispute → review with both versions kept, sampling without double assignment, calibration deviations, reports,
 * coaching with the team lead as default coach, events in the exported event file, tenant isolation, console commands.
 *
 * <p>Most calls evaluated are written to sl_cdr directly, as telephony writes a CDR when a call ends: 15 real calls with
 * surveys would add minutes without testing more of QA. One real call (SIPp customer and agent phone) is evaluated
 * end to end, with its recording and the customer's history.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING) // b and c work on what a evaluated
public class QaIT extends TelephonyTestSupport {
    private static final String CARD = "{\"name\":\"呼入质检 Inbound\",\"scoring\":\"PERCENT\",\"fatalMode\":\"ZERO\",\"passMark\":80,\"sections\":["
        + "{\"name\":\"开场 Opening\",\"items\":[{\"key\":\"greet\",\"text\":\"品牌问候 Greets with the brand\",\"scale\":\"YES_NO\",\"weight\":20},"
        + "{\"key\":\"verify\",\"text\":\"核实身份 Verifies identity\",\"scale\":\"YES_NO\",\"weight\":30,\"fatal\":true}]},"
        + "{\"name\":\"解决 Resolution\",\"items\":[{\"key\":\"solve\",\"text\":\"解决问题 Solves the issue\",\"scale\":\"RANGE\",\"max\":4,\"weight\":%d},"
        + "{\"key\":\"tone\",\"text\":\"语气 Tone\",\"scale\":\"RANGE\",\"max\":5,\"observeOnly\":true}]}]}";

    @Inject
    @Filter("(dataSourceName=seatline)")
    private DataSource dataSource;
    @Inject
    private org.apache.karaf.shell.api.console.SessionFactory sessions;

    private static String a;
    private static String b;
    private static final Map<String, String> ids = new HashMap<>();
    private static String card;

    @Before
    public void fixtures() throws Exception {
        if (a != null) {
            return;
        }
        a = createTenant("qa", 5, 0);
        b = createTenant("qb", 2, 0);
        ids.put("lead", createUser(a, "lead", "[\"qa\"]"));
        ids.put("eval2", createUser(a, "eval2", "[\"qa\"]"));
        ids.put("tl", createUser(a, "tl", "[\"supervisor\"]"));
        Answer team = op("POST", "/tenants/" + a + "/teams", "{\"name\":\"一组 Team 1\",\"supervisorUserId\":\"" + ids.get("tl") + "\"}");
        assertEquals(team.toString(), 201, team.status);
        for (String agent : new String[] {"agent1", "agent2"}) {
            Answer u = op("POST", "/tenants/" + a + "/users", "{\"username\":\"" + agent + "\",\"displayName\":\"坐席 " + agent + "\",\"roles\":[\"agent\"],"
                + "\"teamId\":\"" + team.json.get("id").asText() + "\",\"password\":\"" + PASSWORD + "\"}");
            assertEquals(u.toString(), 201, u.status);
            ids.put(agent, u.json.get("id").asText());
        }
        ids.put("bqa", createUser(b, "bqa", "[\"qa\"]"));
        // week of Monday 2026-11-16 (Asia/Shanghai): agent1 8 calls, agent2 6; CSAT 1 on every third; one call of tenant B
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement("insert into sl_cdr (id, tenant_id, direction, "
            + "from_party, to_party, queue_name, agent_user_id, agent_login, offered_at, answered_at, ended_at, wait_ms, talk_ms, hold_ms, disposition, "
            + "transfers, csat_score, csat_status) values (?, ?, 'INBOUND', '+8613800001111', '4001', 'sales', ?, ?, ?, ?, ?, 2000, ?, 0, 'ANSWERED', ?, ?, "
            + "'SCORED')")) {
            for (int i = 0; i < 14; i++) {
                String agent = i < 8 ? "agent1" : "agent2";
                Instant at = Instant.parse("2026-11-17T02:00:00Z").plusSeconds(i * 3600L);
                insert(p, a + "-c" + i, a, ids.get(agent), agent, at, 120_000 + i * 10_000L, i % 5 == 4 ? 1 : 0, i % 3 == 0 ? 1 : 4);
            }
            insert(p, b + "-c0", b, ids.get("bqa"), "bqa", Instant.parse("2026-11-17T02:00:00Z"), 60_000, 0, 5);
            p.executeBatch();
        }
        Answer created = as("lead", a, "POST", "/qa/scorecards", String.format(CARD, 50));
        assertEquals(created.toString(), 201, created.status);
        card = created.json.get("id").asText();
    }

    private static void insert(PreparedStatement p, String id, String tenant, String agentId, String login, Instant at, long talkMs, int transfers,
                               int csat) throws Exception {
        p.setString(1, id);
        p.setString(2, tenant);
        p.setString(3, agentId);
        p.setString(4, login);
        p.setTimestamp(5, Timestamp.from(at));
        p.setTimestamp(6, Timestamp.from(at.plusSeconds(2)));
        p.setTimestamp(7, Timestamp.from(at.plusMillis(2000 + talkMs)));
        p.setLong(8, talkMs);
        p.setInt(9, transfers);
        p.setInt(10, csat);
        p.addBatch();
    }

    private Answer as(String user, String tenant, String method, String path, String body) {
        return send(user + "@" + tenant, PASSWORD, method, "/tenants/" + tenant + path, body);
    }

    private static String answers(int greet, int verify, int solve) {
        return "[{\"item\":\"greet\",\"value\":" + greet + "},{\"item\":\"verify\",\"value\":" + verify + "},{\"item\":\"solve\",\"value\":" + solve
            + ",\"comment\":\"客户问题已解决\",\"markers\":[{\"atMs\":45000,\"note\":\"解释退款 refund explained\"}]},{\"item\":\"tone\",\"value\":4}]";
    }

    @Test
    public void a_scorecardsAreCheckedVersionedAndScoredByHand() {
        Answer bad = as("lead", a, "POST", "/qa/scorecards", String.format(CARD, 40).replace("呼入质检", "另一个"));
        assertEquals(bad.toString(), 400, bad.status);
        assertEquals("weights_not_100", bad.code());
        assertEquals("sections", bad.json.get("field").asText());
        assertEquals(403, as("agent1", a, "POST", "/qa/scorecards", String.format(CARD, 50).replace("呼入质检", "x")).status);

        // 20 + 30 + 50 x 3/4 = 87.50 (tone is observe-only), passes 80
        Answer e = as("lead", a, "POST", "/qa/evaluations", "{\"callId\":\"" + a + "-c1\",\"scorecardId\":\"" + card + "\",\"answers\":" + answers(1, 1, 3)
            + ",\"submit\":true}");
        assertEquals(e.toString(), 201, e.status);
        assertEquals("87.5", e.json.get("score").decimalValue().stripTrailingZeros().toPlainString());
        assertTrue(e.json.get("passed").asBoolean());
        assertEquals(1, e.json.get("scorecardVersion").asInt());
        assertEquals(ids.get("agent1"), e.json.get("agentUserId").asText());
        assertEquals(4, e.json.get("csat").asInt());
        assertEquals("解释退款 refund explained", e.json.get("items").get(2).get("markers").get(0).get("note").asText());
        // a fatal error scores 0
        Answer fatal = as("eval2", a, "POST", "/qa/evaluations", "{\"callId\":\"" + a + "-c2\",\"scorecardId\":\"" + card + "\",\"answers\":"
            + answers(1, 0, 4) + ",\"submit\":true}");
        assertEquals(fatal.toString(), 201, fatal.status);
        assertEquals(0, fatal.json.get("score").decimalValue().signum());
        assertTrue(fatal.json.get("fatalError").asBoolean());

        // the used version cannot change; a new version can be made, and the evaluation keeps version 1
        Answer edit = as("lead", a, "PUT", "/qa/scorecards/" + card + "/versions/1", String.format(CARD, 50));
        assertEquals(edit.toString(), 409, edit.status);
        assertEquals("version_in_use", edit.code());
        Answer v2 = as("lead", a, "POST", "/qa/scorecards/" + card + "/versions", String.format(CARD, 50).replace("\"passMark\":80", "\"passMark\":85"));
        assertEquals(v2.toString(), 201, v2.status);
        assertEquals(2, v2.json.get("version").asInt());
        assertEquals(1, as("lead", a, "GET", "/qa/evaluations/" + e.json.get("id").asText(), null).json.get("scorecardVersion").asInt());
        assertTrue(as("lead", a, "GET", "/qa/scorecards/" + card + "?version=1", null).json.get("used").asInt() >= 2);

        // bad answers
        Answer scale = as("lead", a, "POST", "/qa/evaluations", "{\"callId\":\"" + a + "-c3\",\"scorecardId\":\"" + card + "\",\"answers\":"
            + answers(1, 1, 5) + ",\"submit\":true}");
        assertEquals(scale.toString(), 400, scale.status);
        assertEquals("out_of_scale", scale.code());
        assertEquals("answers[2].value", scale.json.get("field").asText());
        Answer twice = as("lead", a, "POST", "/qa/evaluations", "{\"callId\":\"" + a + "-c1\",\"scorecardId\":\"" + card + "\",\"answers\":"
            + answers(1, 1, 3) + ",\"submit\":true}");
        assertEquals(409, twice.status);

        // tenant isolation: A cannot evaluate B's call, B cannot see A's evaluation or scorecard, A's user cannot enter B
        Answer other = as("lead", a, "POST", "/qa/evaluations", "{\"callId\":\"" + b + "-c0\",\"scorecardId\":\"" + card + "\",\"answers\":"
            + answers(1, 1, 3) + ",\"submit\":true}");
        assertEquals(other.toString(), 404, other.status);
        assertEquals(404, as("bqa", b, "GET", "/qa/evaluations/" + e.json.get("id").asText(), null).status);
        assertEquals(404, as("bqa", b, "GET", "/qa/scorecards/" + card, null).status);
        assertEquals(0, as("bqa", b, "GET", "/qa/evaluations", null).json.get("total").asInt());
        assertEquals(403, send("lead@" + a, PASSWORD, "GET", "/tenants/" + b + "/qa/scorecards", null).status);

        // the agent sees its own submitted evaluation, not another agent's
        assertEquals(200, as("agent1", a, "GET", "/qa/evaluations/" + e.json.get("id").asText(), null).status);
        assertEquals(404, as("agent2", a, "GET", "/qa/evaluations/" + e.json.get("id").asText(), null).status);
        assertEquals(2, as("agent1", a, "GET", "/qa/evaluations", null).json.get("total").asInt());
    }

    @Test
    public void b_disputeGoesToAReviewerAndBothVersionsAreKept() throws Exception {
        Answer e = as("lead", a, "POST", "/qa/evaluations", "{\"callId\":\"" + a + "-c9\",\"scorecardId\":\"" + card + "\",\"version\":1,\"answers\":"
            + answers(1, 1, 2) + ",\"submit\":true}");
        assertEquals(e.toString(), 201, e.status);
        String id = e.json.get("id").asText();
        assertEquals(ids.get("agent2"), e.json.get("agentUserId").asText());
        assertEquals("75", e.json.get("score").decimalValue().stripTrailingZeros().toPlainString()); // 20 + 30 + 25
        Answer notMine = as("agent1", a, "POST", "/qa/evaluations/" + id + "/dispute", "{\"reason\":\"不是我的\"}");
        assertEquals(notMine.toString(), 404, notMine.status);
        Answer noReason = as("agent2", a, "POST", "/qa/evaluations/" + id + "/dispute", "{}");
        assertEquals(400, noReason.status);
        assertEquals("reason", noReason.json.get("field").asText());
        Answer disputed = as("agent2", a, "POST", "/qa/evaluations/" + id + "/dispute", "{\"reason\":\"客户的问题在 2 分钟时已解决 solved at 2:00\"}");
        assertEquals(disputed.toString(), 200, disputed.status);
        assertEquals("DISPUTED", disputed.json.get("status").asText());
        assertEquals(403, as("agent2", a, "POST", "/qa/evaluations/" + id + "/review", "{\"decision\":\"UPHOLD\",\"note\":\"x\"}").status);
        Answer own = as("lead", a, "POST", "/qa/evaluations/" + id + "/review", "{\"decision\":\"UPHOLD\",\"note\":\"x\"}");
        assertEquals(own.toString(), 403, own.status);
        assertEquals("own_evaluation", own.code());
        Answer amended = as("eval2", a, "POST", "/qa/evaluations/" + id + "/review", "{\"decision\":\"AMEND\",\"note\":\"录音 2:00 处已解决\","
            + "\"answers\":" + answers(1, 1, 4) + "}");
        assertEquals(amended.toString(), 200, amended.status);
        assertEquals("AMENDED", amended.json.get("status").asText());
        assertEquals("100", amended.json.get("score").decimalValue().stripTrailingZeros().toPlainString());
        JsonNode revs = amended.json.get("revisions");
        assertEquals(2, revs.size());
        assertEquals("SUBMITTED", revs.get(0).get("kind").asText());
        assertEquals("75", revs.get(0).get("score").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("AMENDED", revs.get(1).get("kind").asText());
        assertEquals(409, as("eval2", a, "POST", "/qa/evaluations/" + id + "/review", "{\"decision\":\"UPHOLD\",\"note\":\"again\"}").status);
        // the Camel event route exported the dispute
        awaitEvent("io/seatline/qa/evaluation/DISPUTED", id);
    }

    /** Waits for an event of {@code topic} mentioning {@code id} in the exported event files. */
    private static void awaitEvent(String topic, String id) {
        Path events = Path.of(System.getProperty("karaf.data"), "events");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!Files.isDirectory(events)) {
                return false;
            }
            try (Stream<Path> files = Files.list(events)) {
                return files.anyMatch(f -> {
                    try {
                        return Files.readAllLines(f, StandardCharsets.UTF_8).stream().anyMatch(l -> l.contains(topic) && l.contains(id));
                    } catch (java.io.IOException x) {
                        return false;
                    }
                });
            }
        });
    }

    @Test
    public void c_samplingCalibrationReportsAndCoaching() throws Exception {
        // sampling: 2 calls per agent, then every low-CSAT call; never a call twice, never to its own agent, balanced.
        // Evaluated calls count: agent1 has 2 (c1, c2), agent2 1 (c9), so the per-agent rule adds 0 + 1.
        assertEquals(201, as("lead", a, "POST", "/qa/sampling/rules", "{\"name\":\"每人两通 two per agent\",\"kind\":\"PER_AGENT\",\"count\":2}").status);
        assertEquals(201, as("lead", a, "POST", "/qa/sampling/rules", "{\"name\":\"低满意度 low CSAT\",\"kind\":\"LOW_CSAT\",\"csatAtMost\":2}").status);
        Answer badRule = as("lead", a, "POST", "/qa/sampling/rules", "{\"name\":\"x\",\"kind\":\"PERCENT\",\"percent\":150}");
        assertEquals(400, badRule.status);
        assertEquals("percent", badRule.json.get("field").asText());
        assertEquals(400, as("lead", a, "POST", "/qa/sampling/run", "{\"week\":\"2026-11-17\"}").status); // not a Monday
        Answer run = as("lead", a, "POST", "/qa/sampling/run", "{\"week\":\"2026-11-16\"}");
        assertEquals(run.toString(), 200, run.status);
        assertEquals(14, run.json.get("answeredCalls").asInt());
        assertEquals(run.toString(), 1, run.json.get("byRule").get("每人两通 two per agent").asInt());
        int low = run.json.get("byRule").get("低满意度 low CSAT").asInt(); // CSAT 1: c0, c3, c6, c12 (c9 evaluated), less the per-agent pick
        assertTrue(run.toString(), low == 3 || low == 4);
        assertEquals(1 + low, run.json.get("assigned").asInt());
        JsonNode list = as("lead", a, "GET", "/qa/assignments?limit=100", null).json.get("items");
        assertEquals(run.json.get("assigned").asInt(), list.size());
        Set<String> calls = new HashSet<>();
        Map<String, Integer> load = new HashMap<>();
        for (JsonNode x : list) {
            assertTrue(x.toString(), calls.add(x.get("callId").asText()));
            assertNotEquals(x.get("agentUserId").asText(), x.get("evaluatorUserId").asText());
            load.merge(x.get("evaluatorUserId").asText(), 1, Integer::sum);
        }
        assertTrue(list.toString(), calls.stream().noneMatch(c -> c.endsWith("-c1") || c.endsWith("-c2") || c.endsWith("-c9")));
        assertEquals(load.toString(), 2, load.size());
        assertTrue(load.toString(), Math.abs(load.get(ids.get("lead")) - load.get(ids.get("eval2"))) <= 1);
        assertEquals(0, as("lead", a, "POST", "/qa/sampling/run", "{\"week\":\"2026-11-16\"}").json.get("assigned").asInt());

        // calibration: lead, eval2 and the team lead (virtual QA team) score c5 on their own; the lead is the reference
        assertEquals(200, as("lead", a, "PUT", "/qa/team", "{\"userIds\":[\"" + ids.get("tl") + "\"]}").status);
        assertEquals(200, as("bqa", b, "PUT", "/qa/team", "{\"userIds\":[]}").status); // another tenant's team leaves A's alone
        assertEquals(ids.get("tl"), as("lead", a, "GET", "/qa/team", null).json.get(0).asText());
        Answer cal = as("lead", a, "POST", "/qa/calibrations", "{\"title\":\"十一月校准 November\",\"callId\":\"" + a + "-c5\",\"scorecardId\":\"" + card
            + "\",\"leadUserId\":\"" + ids.get("lead") + "\",\"participants\":[\"" + ids.get("lead") + "\",\"" + ids.get("eval2") + "\",\"" + ids.get("tl")
            + "\"]}");
        assertEquals(cal.toString(), 201, cal.status);
        String calId = cal.json.get("id").asText();
        assertEquals(201, as("tl", a, "POST", "/qa/calibrations/" + calId + "/scores", "{\"answers\":" + answers(1, 1, 3) + "}").status);
        // eval2 has not scored yet: it sees nobody's scores
        assertEquals(0, as("eval2", a, "GET", "/qa/calibrations/" + calId, null).json.get("deviations").size());
        assertEquals(201, as("eval2", a, "POST", "/qa/calibrations/" + calId + "/scores", "{\"answers\":" + answers(0, 1, 2) + "}").status);
        assertEquals(201, as("lead", a, "POST", "/qa/calibrations/" + calId + "/scores", "{\"answers\":" + answers(1, 1, 4) + "}").status);
        assertEquals(403, as("agent1", a, "POST", "/qa/calibrations/" + calId + "/scores", "{\"answers\":" + answers(1, 1, 4) + "}").status);
        JsonNode result = as("lead", a, "POST", "/qa/calibrations/" + calId + "/close", null).json;
        assertEquals("LEAD", result.get("basis").asText());
        Map<String, JsonNode> dev = new HashMap<>();
        result.get("deviations").forEach(d -> dev.put(d.get("evaluatorUserId").asText(), d));
        // eval2 55.00 against the lead's 100: -45.00, items |0-100|, 0, |50-100| -> 50.00; team lead 87.50: -12.50, items 0, 0, 25 -> 8.33
        assertEquals("-45", dev.get(ids.get("eval2")).get("scoreDeviation").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("50", dev.get(ids.get("eval2")).get("meanItemDeviation").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("-12.5", dev.get(ids.get("tl")).get("scoreDeviation").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals("8.33", dev.get(ids.get("tl")).get("meanItemDeviation").decimalValue().toPlainString());
        JsonNode greet = result.get("items").get(0);
        assertEquals("greet", greet.get("item").asText());
        assertTrue(greet.get("disagreement").asBoolean());
        assertFalse(result.get("items").get(1).get("disagreement").asBoolean());
        assertEquals(3, as("lead", a, "GET", "/qa/calibrations/drift", null).json.size());
        // calibration scores are not the agent's evaluations
        assertEquals(0, as("agent1", a, "GET", "/qa/evaluations?status=SUBMITTED", null).json.get("items").findValues("calibrationId").stream()
            .filter(n -> !n.isNull()).count());

        // reports
        JsonNode dist = as("lead", a, "GET", "/qa/reports/distribution", null).json;
        assertTrue(dist.toString(), dist.get("n").asInt() >= 3);
        JsonNode trends = as("lead", a, "GET", "/qa/reports/trends?by=AGENT&granularity=WEEK", null).json;
        assertTrue(trends.toString(), trends.findValues("label").stream().anyMatch(n -> n.asText().equals("坐席 agent1")));
        JsonNode corr = as("lead", a, "GET", "/qa/reports/csat-correlation?scorecard=" + card + "&version=1", null).json;
        assertTrue(corr.toString(), corr.get("note").asText().contains("at least 30"));
        assertFalse(corr.get("items").get(0).get("enough").asBoolean()); // a handful of calls: flagged, not ranked as if it meant something
        assertEquals(403, as("agent1", a, "GET", "/qa/reports/distribution", null).status);

        // coaching: from an evaluation, to the agent's team lead by default
        String evalId = as("lead", a, "GET", "/qa/evaluations?agent=" + ids.get("agent1"), null).json.get("items").get(0).get("id").asText();
        Answer past = as("lead", a, "POST", "/qa/coaching", "{\"agentUserId\":\"" + ids.get("agent1") + "\",\"evaluationId\":\"" + evalId
            + "\",\"item\":\"solve\",\"due\":\"2020-01-01\"}");
        assertEquals(400, past.status);
        assertEquals("due", past.json.get("field").asText());
        Answer task = as("lead", a, "POST", "/qa/coaching", "{\"agentUserId\":\"" + ids.get("agent1") + "\",\"evaluationId\":\"" + evalId
            + "\",\"item\":\"solve\"}");
        assertEquals(task.toString(), 201, task.status);
        assertEquals(ids.get("tl"), task.json.get("assigneeUserId").asText());
        assertEquals("解决问题 Solves the issue", task.json.get("topic").asText());
        String taskId = task.json.get("id").asText();
        assertEquals(403, as("agent2", a, "POST", "/qa/coaching/" + taskId + "/complete", "{\"outcome\":\"x\"}").status);
        Answer done = as("tl", a, "POST", "/qa/coaching/" + taskId + "/complete", "{\"outcome\":\"听了三通录音，练习了退款话术\"}");
        assertEquals(done.toString(), 200, done.status);
        assertEquals("DONE", done.json.get("status").asText());
        assertEquals(1, as("agent1", a, "GET", "/qa/coaching", null).json.get("total").asInt());
        // an open task past its due date is reported once, as an event (the date is moved back in the database: a new task
        // cannot be due in the past)
        String late = as("lead", a, "POST", "/qa/coaching", "{\"agentUserId\":\"" + ids.get("agent2") + "\",\"topic\":\"退款流程 Refunds\"}")
            .json.get("id").asText();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement("update sl_qa_coaching set due_on = ? where id = ?")) {
            p.setDate(1, java.sql.Date.valueOf("2026-01-05"));
            p.setString(2, late);
            assertEquals(1, p.executeUpdate());
        }
        assertTrue(as("tl", a, "GET", "/qa/coaching?status=OPEN", null).json.get("items").get(0).get("overdue").asBoolean());
        String due = shell(sessions, "qa-coaching-due");
        assertTrue(due, due.contains("1 overdue coaching tasks reported"));
        assertTrue(shell(sessions, "qa-coaching-due").contains("0 overdue"));
        awaitEvent("io/seatline/qa/coaching/DUE", late);

        // console
        String cards = shell(sessions, "qa-scorecards " + a);
        assertTrue(cards, cards.contains("呼入质检 Inbound") && cards.contains("2 of 2"));
        String report = shell(sessions, "qa-report " + a);
        assertTrue(report, report.contains("evaluations; mean"));
    }

    @Test
    public void d_aRealCallIsOpenedWithItsRecordingAndCustomerAndEvaluated() throws Exception {
        localTrunk("qa-carrier");
        String t = createTenant("qreal", 2, 0);
        String did = queueWithDid(t, "service", "{\"wrapUpSeconds\":0}");
        Answer cust = op("POST", "/tenants/" + t + "/customers", "{\"name\":\"钱七\",\"phones\":[\"13800138000\"]}");
        assertEquals(cust.toString(), 201, cust.status);
        String qa = createUser(t, "qa", "[\"qa\"]");
        Agent agent = agent(t, "talker", "{}", "agent.xml", 100);
        ready(agent);
        customer("qa-call", "customer_ani.xml", did, 3000, "-m", "1", "-key", "ani", "8613800138000").assertSucceeded(Duration.ofSeconds(60));
        String callId = awaitCdrs(t, 1).get(0).get("id").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode v = send("qa@" + t, PASSWORD, "GET", "/tenants/" + t + "/qa/calls/" + callId, null).json;
            return v.get("interactions").size() > 0 && !v.get("recording").isNull();
        });
        JsonNode view = send("qa@" + t, PASSWORD, "GET", "/tenants/" + t + "/qa/calls/" + callId, null).json;
        assertEquals(agent.userId(), view.get("cdr").get("agentUserId").asText());
        assertEquals(callId, view.get("recording").get("callId").asText());
        assertTrue(view.toString(), view.get("recording").get("durationMs").asLong() > 1000);
        assertEquals("钱七", view.get("customers").get(0).get("name").asText());
        assertEquals("CALL", view.get("interactions").get(0).get("kind").asText());
        assertEquals(callId, view.get("interactions").get(0).get("refId").asText());
        assertEquals(403, send(agent.login(), PASSWORD, "GET", "/tenants/" + t + "/qa/calls/" + callId, null).status);
        // the agent may not play its call's recording before an evaluation of it is scored; QA staff may, through QA
        audio(agent.login(), PASSWORD, "/tenants/" + t + "/qa/calls/" + callId + "/audio", null, 403);
        byte[] head = audio("qa@" + t, PASSWORD, "/tenants/" + t + "/qa/calls/" + callId + "/audio", "bytes=0-3", 206);
        assertEquals("RIFF", new String(head, java.nio.charset.StandardCharsets.US_ASCII));

        Answer card2 = send("qa@" + t, PASSWORD, "POST", "/tenants/" + t + "/qa/scorecards", String.format(CARD, 50));
        assertEquals(card2.toString(), 201, card2.status);
        String cardId = card2.json.get("id").asText();
        // a marker past the end of the call is refused
        Answer late = send("qa@" + t, PASSWORD, "POST", "/tenants/" + t + "/qa/evaluations", "{\"callId\":\"" + callId + "\",\"scorecardId\":\""
            + cardId + "\",\"answers\":[{\"item\":\"greet\",\"value\":1,\"markers\":[{\"atMs\":3600000,\"note\":\"x\"}]}]}");
        assertEquals(late.toString(), 400, late.status);
        assertEquals("marker_outside_call", late.code());
        Answer e = send("qa@" + t, PASSWORD, "POST", "/tenants/" + t + "/qa/evaluations", "{\"callId\":\"" + callId + "\",\"scorecardId\":\""
            + cardId + "\",\"answers\":[{\"item\":\"greet\",\"value\":1,\"markers\":[{\"atMs\":1000,\"note\":\"问候 greeting\"}]},"
            + "{\"item\":\"verify\",\"value\":1},{\"item\":\"solve\",\"value\":4}],\"submit\":true}");
        assertEquals(e.toString(), 201, e.status);
        assertEquals("100", e.json.get("score").decimalValue().stripTrailingZeros().toPlainString());
        assertEquals(qa, e.json.get("evaluatorUserId").asText());
        // once scored, the agent opens its call (only the evaluations shown to it) and plays its recording, to hear what
        // the markers point at
        JsonNode agentView = send(agent.login(), PASSWORD, "GET", "/tenants/" + t + "/qa/calls/" + callId, null).json;
        assertEquals(agentView.toString(), 1, agentView.get("evaluations").size());
        assertEquals(callId, agentView.get("recording").get("callId").asText());
        byte[] wav = audio(agent.login(), PASSWORD, "/tenants/" + t + "/qa/calls/" + callId + "/audio", null, 200);
        assertEquals(view.get("recording").get("sizeBytes").asLong(), wav.length);
        // who listened is in the audit trail: the QA lead's play (from byte 0) and the agent's, each once
        JsonNode plays = op("GET", "/tenants/" + t + "/audit?action=qa.recording.play&limit=500", null).json;
        assertEquals(plays.toString(), 2, plays.get("total").asLong());
        assertEquals(agent.login(), plays.get("items").get(0).get("actor").asText());
        assertEquals(callId, plays.get("items").get(0).get("target").asText());
        // another agent of the company may not, scored or not
        createUser(t, "bystander", "[\"agent\"]");
        audio("bystander@" + t, PASSWORD, "/tenants/" + t + "/qa/calls/" + callId + "/audio", null, 403);
        assertEquals(403, send("bystander@" + t, PASSWORD, "GET", "/tenants/" + t + "/qa/calls/" + callId, null).status);
        // still not through the recordings API, which needs recordings:read
        audio(agent.login(), PASSWORD, "/tenants/" + t + "/recordings/" + view.get("recording").get("id").asText() + "/audio", null, 403);
        assertEquals(200, send(agent.login(), PASSWORD, "POST", "/tenants/" + t + "/qa/evaluations/" + e.json.get("id").asText() + "/acknowledge",
            null).status);
    }
}
