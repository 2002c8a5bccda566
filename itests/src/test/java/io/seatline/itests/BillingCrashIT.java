package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = "operator";
    private static final String PASSWORD = "operator-secret-1";
    private static final int TENANTS = 12;
    private static final String MARIADB = System.getProperty("seatline.it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private Process karaf;
    private int port;
    private String db;

    @After
    public void tearDown() throws Exception {
        stop(false);
        if (db != null) {
            try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
        if (home != null && !Boolean.getBoolean("seatline.it.keep")) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
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
        String request = "{\"period\":\"2026-10\",\"tenants\":" + JSON.writeValueAsString(tenants) + "}";
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

    // ------------------------------------------------------------------ the distribution as a process

    private void unpack() throws Exception {
        Path target = Paths.get("target", "crash").toAbsolutePath();
        Files.createDirectories(target);
        home = Files.createTempDirectory(target, "karaf-");
        Process tar = new ProcessBuilder("tar", "xzf", System.getProperty("seatline.it.distribution"), "-C", home.toString(), "--strip-components=1")
            .inheritIO().start();
        assertEquals(0, tar.waitFor());
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort()));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort()));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort()));
        setProperty("etc/seatline.billing.cfg", "run.pause.ms", "700");
        setProperty("etc/seatline.billing.cfg", "run.batch", "2");
        port = freePort();
        db = "seatline_bill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement s = c.createStatement()) {
            List<String> old = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW DATABASES LIKE 'seatline\\_bill\\_%'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String o : old) {
                s.execute("DROP DATABASE `" + o + "`");
            }
            s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    private void setProperty(String file, String key, String value) throws IOException {
        Path f = home.resolve(file);
        List<String> lines = Files.exists(f) ? new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8)) : new ArrayList<>();
        lines.removeIf(l -> l.trim().startsWith(key + "=") || l.trim().startsWith(key + " ="));
        lines.add(key + "=" + value);
        Files.write(f, lines, StandardCharsets.UTF_8);
    }

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("SEATLINE_HTTP_PORT", Integer.toString(port));
        env.put("SEATLINE_SIP_ADDRESS", "127.0.0.1");
        env.put("SEATLINE_SIP_PORT", Integer.toString(freePort()));
        env.put("SEATLINE_DB_DRIVER", "org.mariadb.jdbc.Driver");
        env.put("SEATLINE_DB_URL", MARIADB + db);
        env.put("SEATLINE_DB_USER", "root");
        env.put("SEATLINE_DB_PASSWORD", "");
        env.put("JAVA_OPTS", "-Xmx768m");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
        String[] last = {"no answer"};
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (!karaf.isAlive()) {
                    throw new AssertionError("Karaf exited with " + karaf.exitValue() + "; see " + home.resolve("console.log"));
                }
                try {
                    HttpResponse<String> r = send("GET", "/billing/runs", null);
                    last[0] = r.statusCode() + " " + r.body();
                    return r.statusCode() == 200;
                } catch (IOException e) {
                    last[0] = e.toString();
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the distribution did not come up: " + last[0] + "; see " + home.resolve("data/log/karaf.log"), e);
        }
    }

    /** {@code kill}: SIGKILL to the JVM and everything it started (no shutdown hooks, no clean close); else a normal stop. */
    private void stop(boolean kill) throws Exception {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(karaf.descendants().toList());
        all.add(karaf.toHandle());
        for (ProcessHandle p : all) {
            if (kill) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        }
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
        karaf = null;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path)).timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json").header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((OPERATOR + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=UTF-8");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode call(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertEquals(method + " " + path + ": " + r.body(), status, r.statusCode());
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
