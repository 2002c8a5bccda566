package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;

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
import java.util.Optional;
import java.util.UUID;

/**
 * The real distribution as an operator runs it: unpacked from the assembly's tar.gz into target/crash, started with
 * {@code bin/karaf server}, stopped with SIGTERM or killed with SIGKILL (no shutdown hooks, no clean close), started
 * again on the same data. For the crash drills, which Pax Exam cannot run because its container would die with the
 * test. Either on the embedded H2 database (the default) or on a fresh MariaDB database dropped afterwards.
 */
final class Distribution implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OPERATOR = "operator";
    static final String PASSWORD = "operator-secret-1";
    private static final String MARIADB = System.getProperty("seatline.it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Path home;
    final int httpPort;
    final int sipPort;
    /** the MariaDB database this distribution created (dropped at close), or null */
    private final String db;
    /** the MariaDB JDBC URL, or null for H2 */
    private final String dbUrl;
    private Process karaf;
    /** the JVM bin/karaf started, once seen: stopped even if the script has gone and it was left to init */
    private ProcessHandle jvm;
    /** start with the heap settings of the shipped bin/setenv instead of the drills' -Xmx768m */
    private boolean shippedHeap;

    private Distribution(Path home, String db, String dbUrl) throws IOException {
        this.home = home;
        this.db = db;
        this.dbUrl = dbUrl;
        this.httpPort = freePort();
        this.sipPort = SeatlineTestSupport.freeUdpPort();
    }

    /** Unpacks a fresh distribution; {@code mariaDbPrefix} non-null: on a new MariaDB database named with it (old ones of that prefix are dropped). */
    static Distribution unpack(String mariaDbPrefix) throws Exception {
        Path home = untar();
        String db = null;
        if (mariaDbPrefix != null) {
            db = mariaDbPrefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement s = c.createStatement()) {
                List<String> old = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SHOW DATABASES LIKE '" + mariaDbPrefix.replace("_", "\\_") + "%'")) {
                    while (rs.next()) {
                        old.add(rs.getString(1));
                    }
                }
                for (String o : old) {
                    s.execute("DROP DATABASE `" + o + "`");
                }
            }
            createDatabase(MARIADB, db);
        }
        return configure(new Distribution(home, db, db == null ? null : MARIADB + db));
    }

    /** Creates a database as an operator would for Seatline (utf8mb4: Chinese names), on the server at {@code serverUrl}. */
    static void createDatabase(String serverUrl, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(serverUrl, "root", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    /** Unpacks a fresh distribution running on the MariaDB database at {@code jdbcUrl} (root, no password), which the caller owns. */
    static Distribution unpackOn(String jdbcUrl) throws Exception {
        return configure(new Distribution(untar(), null, jdbcUrl));
    }

    /** The assembly's tar.gz unpacked into a new folder under target/crash. */
    private static Path untar() throws Exception {
        Path target = Paths.get("target", "crash").toAbsolutePath();
        Files.createDirectories(target);
        Path home = Files.createTempDirectory(target, "karaf-");
        Process tar = new ProcessBuilder("tar", "xzf", System.getProperty("seatline.it.distribution"), "-C", home.toString(), "--strip-components=1")
            .inheritIO().start();
        assertEquals(0, tar.waitFor());
        return home;
    }

    private static Distribution configure(Distribution d) throws IOException {
        d.setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort()));
        d.setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort()));
        d.setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort()));
        return d;
    }

    /** The next starts use the distribution's own bin/setenv heap settings (the soak measures those). */
    void shippedHeap() {
        shippedHeap = true;
    }

    void setProperty(String file, String key, String value) throws IOException {
        Path f = home.resolve(file);
        List<String> lines = Files.exists(f) ? new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8)) : new ArrayList<>();
        lines.removeIf(l -> l.trim().startsWith(key + "=") || l.trim().startsWith(key + " ="));
        lines.add(key + "=" + value);
        Files.write(f, lines, StandardCharsets.UTF_8);
    }

    /** Starts {@code bin/karaf server} and waits until the REST API answers {@code readyPath} with 200. */
    void start(String readyPath) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("SEATLINE_HTTP_PORT", Integer.toString(httpPort));
        env.put("SEATLINE_SIP_ADDRESS", "127.0.0.1");
        env.put("SEATLINE_SIP_PORT", Integer.toString(sipPort));
        if (dbUrl != null) {
            env.put("SEATLINE_DB_DRIVER", "org.mariadb.jdbc.Driver");
            env.put("SEATLINE_DB_URL", dbUrl);
            env.put("SEATLINE_DB_USER", "root");
            env.put("SEATLINE_DB_PASSWORD", "");
        }
        if (!shippedHeap) {
            env.put("JAVA_OPTS", "-Xmx768m");
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        karaf = pb.start();
        String[] last = {"no answer"};
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (!karaf.isAlive()) {
                    throw new AssertionError("Karaf exited with " + karaf.exitValue() + "; see " + home.resolve("console.log"));
                }
                try {
                    HttpResponse<String> r = send("GET", readyPath, null);
                    last[0] = r.statusCode() + " " + r.body();
                    return r.statusCode() == 200;
                } catch (IOException e) {
                    last[0] = e.toString();
                    return false;
                }
            });
            jvm = javaOf(karaf).orElse(null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            jvm = javaOf(karaf).orElse(null);
            throw new AssertionError("the distribution did not come up: " + last[0] + "; see " + home.resolve("data/log/karaf.log"), e);
        }
    }

    /** {@code kill}: SIGKILL to the JVM and everything it started (no shutdown hooks, no clean close); else SIGTERM, an orderly stop. */
    void stop(boolean kill) throws Exception {
        if (karaf == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(karaf.descendants().toList());
        all.add(karaf.toHandle());
        if (jvm != null && !all.contains(jvm)) {
            all.add(jvm);
        }
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
        jvm = null;
    }

    /** The process id of the running Karaf (the JVM bin/karaf started), or -1. */
    long pid() {
        if (karaf == null) {
            return -1;
        }
        return javaOf(karaf).or(() -> Optional.ofNullable(jvm)).map(ProcessHandle::pid).orElse(karaf.pid());
    }

    private static Optional<ProcessHandle> javaOf(Process script) {
        return script.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst();
    }

    String karafLog() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(OPERATOR, PASSWORD, method, path, body);
    }

    /** A request as a user of the distribution (Basic authentication). */
    HttpResponse<String> send(String login, String password, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path)).timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json").header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=UTF-8");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path)).timeout(Duration.ofSeconds(60))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((OPERATOR + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The operator's request; asserts {@code status}; the JSON answer or null. */
    JsonNode call(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertEquals(method + " " + path + ": " + r.body(), status, r.statusCode());
        return r.body().isBlank() ? null : JSON.readTree(r.body());
    }

    /** Waits until {@code path} answers other than 404: a capability's REST resources register after the core's. */
    void awaitResource(String path) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> send("GET", path, null).statusCode() != 404);
    }

    @Override
    public void close() throws Exception {
        stop(false);
        if (db != null) {
            try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS `" + db + "`");
            }
        }
        if (!Boolean.getBoolean("seatline.it.keep")) {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    static int freePort() {
        return Ports.free();
    }
}
