package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.After;
import org.junit.Test;

/**
 * Fault drill: the distribution (on embedded H2, as the README starts it, and on MariaDB) killed with SIGKILL while customers call at
 * 100 calls/s — calls queued, ringing, talking and agents in wrap-up at the moment of the kill — then started again;
 * and stopped with SIGTERM under the same load. Against real SIP peers (SIPp: the customers through a trunk, and one
 * SIPp phone answering for all agents). A plain JUnit test: Pax Exam cannot outlive the container it kills.
 */
public class CallCrashIT extends DrillTestSupport {
    @Test
    public void onH2EveryCallKeepsOneCdrThroughAKillAndAnOrderlyStop() throws Exception {
        drill(null);
    }

    @Test
    public void onMariaDbEveryCallKeepsOneCdrThroughAKillAndAnOrderlyStop() throws Exception {
        drill("seatline_drill_");
    }

    /** The two drills on one distribution: on H2 ({@code mariaDbPrefix} null) or on a fresh MariaDB database. */
    private void drill(String mariaDbPrefix) throws Exception {
        String db = mariaDbPrefix == null ? "H2" : "MariaDB";
        dist = Distribution.unpack(mariaDbPrefix);
        dist.start("/trunks");
        String did = provision();
        List<String> agentIds = agents();

        // ---- kill -9 at 100 calls/s, once agents have finished calls (wrap-up) and others talk, ring and wait
        Path answeredLog = dist.home.resolve("answered-kill.log");
        Sipp load = customers("kill", did, "8613910", answeredLog, 100, 600);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> inEveryState(10));
        Set<String> committed = cdrIds();
        dist.stop(true);
        Instant killedAt = Instant.now();
        dist.start("/trunks");
        load.await(SIPP_END);

        List<JsonNode> cdrs = cdrs();
        Map<String, JsonNode> byId = new HashMap<>();
        cdrs.forEach(c -> byId.put(c.get("id").asText(), c));
        for (String id : committed) {
            assertTrue("CDR " + id + " was listed before the kill and is gone after it (commits must be durable)", byId.containsKey(id));
        }
        Map<String, Integer> perCaller = perCaller(cdrs);
        perCaller.forEach((from, n) -> assertEquals("calls from " + from, 1, (int) n));
        Set<String> answered = answered(answeredLog);
        assertFalse("no call was answered before the kill", answered.isEmpty());
        for (String from : answered) {
            assertTrue("call from " + from + " was answered before the kill and has no CDR", perCaller.containsKey(from));
        }
        List<JsonNode> failed = cdrs.stream().filter(c -> "node_failure".equals(text(c, "hangupCause"))).toList();
        List<JsonNode> failedAnswered = failed.stream().filter(c -> c.hasNonNull("answeredAt")).toList();
        Map<String, Integer> causes = new java.util.TreeMap<>();
        cdrs.forEach(c -> causes.merge(text(c, "disposition") + "/" + text(c, "hangupCause"), 1, Integer::sum));
        assertFalse("no call was open at the kill: " + cdrs.size() + " CDRs " + causes, failedAnswered.isEmpty());
        assertTrue("no call was waiting at the kill", failed.stream().anyMatch(c -> !c.hasNonNull("answeredAt")));
        for (JsonNode c : failed) {
            Instant ended = Instant.parse(c.get("endedAt").asText());
            assertTrue("closed at the crash, not at the restart: " + c, !ended.isAfter(killedAt) && ended.isAfter(killedAt.minusSeconds(5)));
        }
        // recordings of the calls cut off: listed, and a WAV whose sizes match what is in it
        int repaired = 0;
        for (JsonNode c : failedAnswered) {
            if (!c.hasNonNull("recordingId")) {
                continue;
            }
            String rec = c.get("recordingId").asText();
            dist.call("GET", "/tenants/" + TENANT + "/recordings/" + rec, null, 200);
            HttpResponse<byte[]> audio = dist.bytes("/tenants/" + TENANT + "/recordings/" + rec + "/audio");
            assertEquals(200, audio.statusCode());
            byte[] wav = audio.body();
            ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
            assertEquals("RIFF size of " + rec, wav.length - 8, h.getInt(4));
            assertEquals("data size of " + rec, wav.length - 44, h.getInt(40));
            repaired++;
        }
        assertTrue("no recording of a cut-off call was repaired", repaired > 0);
        // every call an agent finished has its wrap-up closed (by the agent, or at the crash)
        for (JsonNode c : cdrs) {
            if (c.hasNonNull("answeredAt") && c.hasNonNull("agentLogin") && !"node_failure".equals(text(c, "hangupCause"))) {
                assertTrue("wrap-up never closed: " + c, c.hasNonNull("wrapUpMs"));
            }
        }
        int loggedOut = 0;
        for (String user : agentIds) {
            JsonNode history = dist.call("GET", "/tenants/" + TENANT + "/agents/" + user + "/history?limit=5000", null, 200);
            for (JsonNode h : history) {
                if ("LOGGED_OUT".equals(h.get("state").asText()) && "node_failure".equals(text(h, "reason"))) {
                    loggedOut++;
                }
            }
        }
        assertEquals("every agent working at the kill is logged out at it", AGENTS, loggedOut);
        // queue figures go on from the day's CDRs
        JsonNode stats = dist.call("GET", "/tenants/" + TENANT + "/queues/stats", null, 200).get(0);
        Instant midnight = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        long today = cdrs.stream().filter(c -> !Instant.parse(c.get("offeredAt").asText()).isBefore(midnight)).count();
        long todayAnswered = cdrs.stream().filter(c -> c.hasNonNull("answeredAt") && !Instant.parse(c.get("offeredAt").asText()).isBefore(midnight)).count();
        assertEquals(stats.toString(), today, stats.get("offered").asLong());
        assertEquals(stats.toString(), todayAnswered, stats.get("answered").asLong());
        System.out.printf("kill -9 drill (%s, 100 calls/s, %d agents): %d CDRs listed before the kill all kept; %d CDRs after, %d closed "
            + "node_failure (%d answered, %d waiting), %d recordings repaired, %d agents logged out; %d calls answered per SIPp%n",
            db, AGENTS, committed.size(), cdrs.size(), failed.size(), failedAnswered.size(), failed.size() - failedAnswered.size(), repaired,
            loggedOut, answered.size());

        // ---- an orderly stop (SIGTERM) under the same load: new calls are refused, the others end with their CDRs
        // (registrations live in memory: the phones register again, as real phones do when their server comes back)
        register(agentIds, true);
        Path answeredStop = dist.home.resolve("answered-stop.log");
        int before = cdrs.size();
        Sipp second = customers("stop", did, "8613920", answeredStop, 100, 600);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> inEveryState(before + 10));
        dist.stop(false);
        dist.start("/trunks");
        second.await(SIPP_END);
        List<JsonNode> after = cdrs();
        Map<String, Integer> perCaller2 = perCaller(after);
        perCaller2.forEach((from, n) -> assertEquals("calls from " + from, 1, (int) n));
        Set<String> answered2 = answered(answeredStop);
        for (String from : answered2) {
            assertTrue("call from " + from + " was answered before the stop and has no CDR", perCaller2.containsKey(from));
        }
        List<JsonNode> stopped = after.stream().filter(c -> text(c, "from").startsWith("8613920")).toList();
        assertTrue("an orderly stop leaves nothing to recover", stopped.stream().noneMatch(c -> "node_failure".equals(text(c, "hangupCause"))));
        long shutdown = stopped.stream().filter(c -> "node_shutdown".equals(text(c, "hangupCause"))).count();
        assertTrue("no call was ended by the stop", shutdown > 0);
        System.out.printf("SIGTERM drill (%s): %d CDRs, %d calls answered per SIPp, each with one CDR; %d ended node_shutdown; %d refused or "
            + "not reached while stopped%n", db, stopped.size(), answered2.size(), shutdown, second.failed());
    }
}
