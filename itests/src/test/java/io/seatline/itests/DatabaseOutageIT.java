package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Test;

/**
 * Fault drill: the database (a MariaDB server of the test's own) stopped for 30 s while customers call, then started
 * again. Calls in progress go on and new ones are answered, the REST API answers 503 {@code database_unavailable} in
 * JSON meanwhile, the CDRs of the outage are written once the database is back (none lost, none twice), and all of it
 * without restarting Seatline.
 */
public class DatabaseOutageIT extends DrillTestSupport {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private PrivateMariaDb db;

    @After
    public void stopDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    public void callsGoOnWhileTheDatabaseIsDownAndTheirCdrsAreWrittenWhenItIsBack() throws Exception {
        db = PrivateMariaDb.install();
        db.createDatabase("seatline");
        dist = Distribution.unpackOn(db.url("seatline"));
        dist.start("/trunks");
        String did = provision();
        agents();
        long pid = dist.pid();

        Path log = dist.home.resolve("answered-outage.log");
        Sipp load = customers("outage", did, "8613930", log, 5, 400);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> dist.call("GET", "/tenants/" + TENANT + "/cdrs?limit=1", null, 200).get("total").asInt() >= 10);

        db.stop();
        Instant down = Instant.now();
        int answeredAtStop = answered(log).size();
        // the whole outage: every REST answer is a JSON 503 that says why and when to come back
        int[] refused = {0};
        await().atMost(OUTAGE.plusSeconds(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<String> r = dist.send("GET", "/tenants/" + TENANT + "/cdrs?limit=1", null);
            assertEquals(r.body(), 503, r.statusCode());
            JsonNode body = Distribution.JSON.readTree(r.body());
            assertEquals(r.body(), "database_unavailable", body.get("code").asText());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            refused[0]++;
            return Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0;
        });
        int answeredInOutage = answered(log).size() - answeredAtStop;
        db.start();
        Instant up = Instant.now();

        // back without a restart: the same process answers again, and the calls' CDRs follow
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> dist.send("GET", "/tenants/" + TENANT + "/cdrs?limit=1", null).statusCode() == 200);
        assertEquals("Seatline was not restarted", pid, dist.pid());
        load.await(SIPP_END);
        Set<String> answered = answered(log);
        List<JsonNode>[] cdrs = new List[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            cdrs[0] = cdrs();
            return perCaller(cdrs[0]).keySet().containsAll(answered);
        });
        Map<String, Integer> perCaller = perCaller(cdrs[0]);
        perCaller.forEach((from, n) -> assertEquals("calls from " + from, 1, (int) n));
        long endedInOutage = cdrs[0].stream().map(c -> Instant.parse(c.get("endedAt").asText()))
            .filter(t -> t.isAfter(down) && t.isBefore(up)).count();
        assertTrue("calls were answered while the database was down: " + answeredInOutage, answeredInOutage > 0);
        assertTrue("calls ended while the database was down and have their CDRs", endedInOutage > 0);
        assertFalse("no call needed crash recovery", cdrs[0].stream().anyMatch(c -> "node_failure".equals(text(c, "hangupCause"))));
        assertTrue(dist.karafLog().contains("The database is back after"));
        System.out.printf("database outage drill (MariaDB stopped %d s, 5 calls/s, %d agents): %d REST answers 503 database_unavailable; "
            + "%d calls answered and %d ended during the outage; %d calls answered per SIPp, each with one CDR; %d CDRs in all%n",
            OUTAGE.toSeconds(), AGENTS, refused[0], answeredInOutage, endedInOutage, answered.size(), cdrs[0].size());
    }
}
