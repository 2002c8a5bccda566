package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Test;

/**
 * A billing run killed mid-way (kill -9 of the whole Karaf JVM) and run again yields exactly the invoices an
 * uninterrupted run yields, and issuing them gives gapless numbers. Against the real distribution (unpacked from the
 * assembly and started with bin/karaf, as an operator would) on a fresh MariaDB database; a plain JUnit test because
 * Pax Exam cannot outlive the container it kills. The run goes in batches of 2 tenants (etc/seatline.billing.cfg
 * run.batch; one transaction each) and is throttled (run.pause.ms) so the kill lands between the first and the last
 * batch.
 */
public class BillingCrashIT {
    private static final int TENANTS = 12;

    private Distribution dist;

    @After
    public void tearDown() throws Exception {
        if (dist != null) {
            dist.close();
        }
    }

    @Test
    public void runKilledMidwayAndRunAgainGivesTheSameInvoicesAndGaplessNumbers() throws Exception {
        unpack();
        start();
        String plan = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        JsonNode pv = call("POST", "/billing/plans", "{\"plan\":\"" + plan + "\",\"validFrom\":\"2026-01-01\",\"currency\":\"CNY\",\"dedicatedSeat\":3000,"
            + "\"sharedSeat\":1200,\"rates\":[{\"direction\":\"OUTBOUND\",\"prefix\":\"86\",\"perMinute\":0.10,\"increment\":\"6/6\"}]}", 201);
        assertTrue(pv.toString(), pv.get("id").isTextual());
        List<String> tenants = new ArrayList<>();
        StringBuilder cdrs = new StringBuilder("[");
        for (int i = 0; i < TENANTS; i++) {
            String t = String.format("crash%02d-%s", i, plan.substring(6));
            tenants.add(t);
            call("POST", "/tenants", "{\"id\":\"" + t + "\",\"displayName\":\"崩溃测试 " + i + " 号公司\",\"timezone\":\"Asia/Shanghai\",\"locale\":\"zh-CN\","
                + "\"dedicatedSeats\":0,\"sharedSeats\":0}", 201);
            call("PUT", "/billing/tenants/" + t + "/profile", "{\"currency\":\"CNY\",\"taxRate\":0.06}", 200);
            call("POST", "/billing/tenants/" + t + "/subscriptions", "{\"plan\":\"" + plan + "\",\"from\":\"2026-10-01\"}", 201);
            call("POST", "/billing/tenants/" + t + "/charges", "{\"kind\":\"FEE\",\"description\":\"开户费 setup " + i + "\",\"amount\":" + (100 + i)
                + ".50,\"from\":\"2026-10-0" + (1 + i % 9) + "\"}", 201);
            for (int k = 0; k <= i; k++) {
                cdrs.append(cdrs.length() > 1 ? "," : "").append("{\"id\":\"").append(t).append("-").append(k).append("\",\"tenantId\":\"").append(t)
                    .append("\",\"direction\":\"OUTBOUND\",\"to\":\"+8613800138").append(String.format("%03d", k)).append("\",\"offeredAt\":\"2026-10-1")
                    .append(k % 10).append("T02:00:00Z\",\"answeredAt\":\"2026-10-1").append(k % 10).append("T02:00:05Z\",\"talkMs\":")
                    .append(7_000 + 1000L * k * i).append(",\"waitMs\":0,\"holdMs\":0,\"transfers\":0,\"disposition\":\"ANSWERED\",\"legs\":[]}");
            }
        }
        call("POST", "/billing/cdrs", cdrs.append("]").toString(), 200);
        String request = "{\"period\":\"2026-10\",\"tenants\":" + Distribution.JSON.writeValueAsString(tenants) + "}";
        Map<String, String> expected = totals(call("POST", "/billing/preview", request, 200).get("invoices"));
        assertEquals(TENANTS, expected.size());

        // the first run, killed with SIGKILL once some but not all tenants are billed
        String runId = call("POST", "/billing/runs", request, 202).get("id").asText();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> call("GET", "/billing/runs/" + runId, null, 200)
            .get("done").asInt() >= 4);
        stop(true);
        start();
        JsonNode interrupted = call("GET", "/billing/runs/" + runId, null, 200);
        assertEquals(interrupted.toString(), "INTERRUPTED", interrupted.get("state").asText());
        int before = call("GET", "/billing/invoices?period=2026-10&status=DRAFT&limit=500", null, 200).get("total").asInt();
        assertTrue("killed mid-way: " + before + " of " + TENANTS, before >= 4 && before < TENANTS && before % 2 == 0);

        // run again: it completes the set, touching nothing that is there
        String rerun = call("POST", "/billing/runs", request, 202).get("id").asText();
        JsonNode[] end = new JsonNode[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            end[0] = call("GET", "/billing/runs/" + rerun, null, 200);
            return !end[0].get("state").asText().equals("RUNNING");
        });
        assertEquals(end[0].toString(), "DONE", end[0].get("state").asText());
        assertEquals(before, end[0].get("existing").asInt());
        assertEquals(TENANTS - before, end[0].get("created").asInt());
        JsonNode drafts = call("GET", "/billing/invoices?period=2026-10&status=DRAFT&limit=500", null, 200).get("items");
        assertEquals("one invoice per tenant, none twice, none missing", expected, totals(drafts));

        // issuing them: INV-000001 .. INV-0000NN on this fresh database, no gaps
        List<String> numbers = new ArrayList<>();
        for (JsonNode d : drafts) {
            numbers.add(call("POST", "/billing/invoices/" + d.get("id").asText() + "/issue", null, 200).get("number").asText());
        }
        List<String> gapless = new ArrayList<>();
        for (int i = 1; i <= TENANTS; i++) {
            gapless.add(String.format("INV-%06d", i));
        }
        assertEquals(gapless, numbers.stream().sorted().collect(Collectors.toList()));
    }

    private static Map<String, String> totals(JsonNode invoices) {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode i : invoices) {
            StringBuilder lines = new StringBuilder();
            i.get("lines").forEach(l -> lines.append(l.get("code").asText()).append('=').append(l.get("net").decimalValue().toPlainString()).append(';'));
            String prev = m.put(i.get("tenantId").asText(), i.get("total").decimalValue().toPlainString() + " " + lines);
            assertEquals("tenant " + i.get("tenantId").asText() + " twice", null, prev);
        }
        return m;
    }

    private void unpack() throws Exception {
        dist = Distribution.unpack("seatline_bill_");
        dist.setProperty("etc/seatline.billing.cfg", "run.pause.ms", "700");
        dist.setProperty("etc/seatline.billing.cfg", "run.batch", "2");
    }

    private void start() throws Exception {
        dist.start("/billing/runs");
    }

    private void stop(boolean kill) throws Exception {
        dist.stop(kill);
    }

    private JsonNode call(String method, String path, String body, int status) throws Exception {
        return dist.call(method, path, body, status);
    }
}
