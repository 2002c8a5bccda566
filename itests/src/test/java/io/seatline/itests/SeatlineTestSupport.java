package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.CoreOptions.wrappedBundle;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.util.Filter;

/**
 * Boots the assembled Seatline distribution (the tar.gz of this build) once per test class, on free ports, and
 * talks to it over HTTP like any client would. Subclasses choose the database with {@link #databaseOptions()}.
 */
public abstract class SeatlineTestSupport {
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final String OPERATOR = "operator";
    protected static final String OPERATOR_PASSWORD = "operator-secret-1";
    protected static final String PASSWORD = "Secret-123";

    @Inject
    @Filter(timeout = 300_000)
    protected BootFinished bootFinished;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        String dist = System.getProperty("seatline.it.distribution");
        String karafVersion = System.getProperty("seatline.it.karafVersion");
        List<Option> options = new ArrayList<>(List.of(
            karafDistributionConfiguration().frameworkUrl(new File(dist).toURI().toString()).name("Seatline")
                .karafVersion(karafVersion).unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort())),
            // tenant files are picked up fast in tests
            editConfigurationFilePut("etc/seatline.tenants.cfg", "pollMillis", "300"),
            // SIP on a free port, so suites never collide with each other or with a SIP server on 5060
            editConfigurationFilePut("etc/seatline.telephony.cfg", "sip.port", Integer.toString(freeUdpPort())),
            editConfigurationFilePut("etc/seatline.telephony.cfg", "sip.address", "127.0.0.1"),
            // registrations may be as short as 1 s, so a test can watch one expire
            editConfigurationFilePut("etc/seatline.telephony.cfg", "register.min.expires", "1"),
            // a call without RTP from any party ends after 25 s (SIPp parties mostly send none; no test call lasts that long)
            editConfigurationFilePut("etc/seatline.telephony.cfg", "media.rtp.timeout.seconds", "25"),
            // -Dseatline.it.keep=true keeps target/exam/<run> (karaf.log) for a look after the run
            Boolean.getBoolean("seatline.it.keep") ? org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder()
                : org.ops4j.pax.exam.CoreOptions.systemProperty("seatline.it.keep").value("false"),
            systemProperty("seatline.it.routingJar").value(System.getProperty("seatline.it.routingJar")),
            systemProperty("seatline.it.sippDir").value(System.getProperty("seatline.it.sippDir")),
            systemProperty("seatline.it.repoDir").value(System.getProperty("seatline.it.repoDir")),
            systemProperty("seatline.it.pluginJar").value(System.getProperty("seatline.it.pluginJar")),
            systemProperty("seatline.it.kamailioDir").value(System.getProperty("seatline.it.kamailioDir")),
            systemProperty("seatline.it.greenmailJar").value(System.getProperty("seatline.it.greenmailJar")),
            wrappedBundle(maven("org.hamcrest", "hamcrest", System.getProperty("seatline.it.hamcrestVersion"))),
            wrappedBundle(maven("org.awaitility", "awaitility", System.getProperty("seatline.it.awaitilityVersion"))),
            mavenBundle("com.fasterxml.jackson.core", "jackson-databind", System.getProperty("seatline.it.jacksonVersion")),
            // what bin/karaf passes on JDK 17 and Pax Exam does not
            vmOptions("--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
                "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
                "--add-opens", "java.base/java.security=ALL-UNNAMED", "--add-opens", "java.base/java.net=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
                "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED", "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "-Xmx768m")));
        options.addAll(databaseOptions());
        return options.toArray(new Option[0]);
    }

    /** Options that choose the database; H2 (the distribution's default) needs none. */
    protected List<Option> databaseOptions() {
        return List.of();
    }

    /** A port for a SIP listener or peer: see {@link Ports}. */
    protected static int freeUdpPort() {
        return Ports.free();
    }

    /** A port for a TCP listener the test configures: see {@link Ports}. */
    protected static int freePort() {
        return Ports.free();
    }

    /** One path of each capability's REST bundle: the API is complete once the OpenAPI document lists them all. */
    private static final List<String> CAPABILITY_PATHS = List.of("/tenants", "/trunks", "/tenants/{tenant}/calls", "/tenants/{tenant}/campaigns",
        "/tenants/{tenant}/customers", "/tenants/{tenant}/tickets", "/billing/plans", "/tenants/{tenant}/qa/scorecards",
        "/tenants/{tenant}/reports/kpis", "/tenants/{tenant}/forecasts", "/tenants/{tenant}/schedules/shifts");
    /** Set once this container's API served every capability (a test may remove one later on purpose). */
    private static volatile boolean ready;

    /** Why the API of this container never came up (then every further test fails at once, with the reason). */
    private static volatile String apiDown;

    @Before
    public void waitForApi() {
        if (apiDown != null) {
            throw new AssertionError("the REST API of this container never came up: " + apiDown);
        }
        String[] last = {"no answer yet"};
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    Answer a = get(OPERATOR, OPERATOR_PASSWORD, "/tenants");
                    last[0] = a.status + " " + a.body;
                    if (a.status != 200) {
                        return false;
                    }
                    if (ready) {
                        return true;
                    }
                    // each capability contributes its resources as it starts: wait until every one has joined
                    Answer doc = get(null, null, "/openapi.json");
                    for (String p : CAPABILITY_PATHS) {
                        if (doc.status != 200 || doc.json == null || !doc.json.path("paths").has(p)) {
                            last[0] = "the API does not serve " + p + " yet";
                            return false;
                        }
                    }
                    ready = true;
                    return true;
                } catch (RuntimeException e) {
                    last[0] = e.toString();
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            apiDown = "GET " + baseUrl() + "/tenants: " + last[0] + "\n" + containerDiagnostics();
            throw new AssertionError("the REST API of this container never came up: " + apiDown, e);
        }
    }

    /** Bundles that are not active and the last warnings and errors of karaf.log: what a failed start leaves. */
    private static String containerDiagnostics() {
        StringBuilder b = new StringBuilder();
        org.osgi.framework.Bundle self = org.osgi.framework.FrameworkUtil.getBundle(SeatlineTestSupport.class);
        if (self != null) {
            org.osgi.framework.BundleContext ctx = self.getBundleContext();
            for (org.osgi.framework.Bundle x : ctx.getBundles()) {
                if (x.getState() != org.osgi.framework.Bundle.ACTIVE && x.getHeaders().get("Fragment-Host") == null) {
                    b.append("bundle ").append(x.getSymbolicName()).append(" state ").append(x.getState()).append('\n');
                }
            }
            // Seatline's DS components that are not active, and what they wait for
            org.osgi.framework.ServiceReference<org.osgi.service.component.runtime.ServiceComponentRuntime> ref =
                ctx.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
            if (ref != null) {
                org.osgi.service.component.runtime.ServiceComponentRuntime scr = ctx.getService(ref);
                for (var d : scr.getComponentDescriptionDTOs()) {
                    if (!d.name.startsWith("io.seatline")) {
                        continue;
                    }
                    for (var c : scr.getComponentConfigurationDTOs(d)) {
                        if (c.state != org.osgi.service.component.runtime.dto.ComponentConfigurationDTO.ACTIVE) {
                            b.append("component ").append(d.name).append(" state ").append(c.state).append(" unsatisfied:");
                            for (var u : c.unsatisfiedReferences) {
                                b.append(' ').append(u.name).append('(').append(u.target).append(')');
                            }
                            b.append('\n');
                        }
                    }
                }
            }
        }
        // where Seatline's and the persistence starter's threads are (a hang shows here)
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("seatline") || t.getName().contains("CM Configuration") || t.getName().contains("FelixStartLevel")) {
                b.append("thread ").append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (int i = 0; i < Math.min(12, stack.length); i++) {
                    b.append("    at ").append(stack[i]).append('\n');
                }
            }
        });
        try {
            java.nio.file.Path log = java.nio.file.Paths.get(System.getProperty("karaf.data", "data"), "log", "karaf.log");
            List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("| ERROR") || l.contains("| WARN") || l.contains("Exception") || l.contains("Persistence unit"))
                .filter(l -> !l.contains("Can't find the request for")).toList();
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
        } catch (IOException | RuntimeException e) {
            b.append("karaf.log not read: ").append(e);
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- HTTP

    /** An HTTP answer: status and parsed JSON body (null when empty or not JSON). */
    public static final class Answer {
        public final int status;
        public final JsonNode json;
        public final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
            JsonNode parsed = null;
            try {
                parsed = body == null || body.isBlank() ? null : JSON.readTree(body);
            } catch (IOException e) {
                // not JSON
            }
            this.json = parsed;
        }

        public String code() {
            return json == null || json.get("code") == null ? null : json.get("code").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + System.getProperty("org.osgi.service.http.port", httpPortFromConfig()) + "/api/v1";
    }

    private static String httpPortFromConfig() {
        return etcValue("org.ops4j.pax.web.cfg", "org.osgi.service.http.port");
    }

    /** The SIP port of the Seatline under test. */
    protected static int sipPort() {
        return Integer.parseInt(etcValue("seatline.telephony.cfg", "sip.port"));
    }

    private static String etcValue(String file, String key) {
        try {
            java.util.Properties p = new java.util.Properties();
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Paths.get(System.getProperty("karaf.etc"), file))) {
                p.load(in);
            }
            return p.getProperty(key).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Answer get(String user, String password, String path) {
        return send(user, password, "GET", path, null);
    }

    /**
     * GET {@code path} as {@code user} from the client address {@code localIp} (any of 127.0.0.0/8), for the sign-in
     * rules that count per address: a raw HTTP/1.0 exchange over a socket bound to that address.
     */
    protected Answer getFrom(String localIp, String user, String password, String path) {
        java.net.URI uri = java.net.URI.create(baseUrl() + path);
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), uri.getPort(),
            java.net.InetAddress.getByName(localIp), 0)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + uri.getRawPath() + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                + "Authorization: " + basicAuth(user, password) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(all.split(" ")[1]), split < 0 ? "" : all.substring(split + 4));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Answer post(String user, String password, String path, String body) {
        return send(user, password, "POST", path, body);
    }

    protected Answer patch(String user, String password, String path, String body) {
        return send(user, password, "PATCH", path, body);
    }

    protected Answer put(String user, String password, String path, String body) {
        return send(user, password, "PUT", path, body);
    }

    protected Answer delete(String user, String password, String path) {
        return send(user, password, "DELETE", path, null);
    }

    protected Answer send(String user, String password, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
        if (user != null) {
            b.header("Authorization", basicAuth(user, password));
        }
        if (body != null) {
            b.header("Content-Type", "application/json; charset=UTF-8");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return sendRequest(b.build());
    }

    /** A recording's or prompt's audio (optionally a {@code Range} of it), asserting the status. */
    protected byte[] audio(String user, String password, String path, String range, int status) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
            .header("Accept", "audio/wav, application/json")
            .header("Authorization", basicAuth(user, password));
        if (range != null) {
            b.header("Range", range);
        }
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        org.junit.Assert.assertEquals(new String(r.body(), StandardCharsets.UTF_8), status, r.statusCode());
        return r.body();
    }

    protected static String basicAuth(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected Answer sendRequest(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a console command as the console user; returns what it printed, or "Error executing command: ..." */
    protected static String shell(org.apache.karaf.shell.api.console.SessionFactory sessions, String command) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.karaf.shell.api.console.Session session = sessions.create(System.in, out, out);
        try {
            session.execute(command);
        } catch (Exception e) {
            out.println("Error executing command: " + e.getMessage());
        } finally {
            session.close();
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    protected Answer op(String method, String path, String body) {
        return send(OPERATOR, OPERATOR_PASSWORD, method, path, body);
    }

    // ---------------------------------------------------------------- fixtures

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Creates a tenant through REST as the operator and returns its id. */
    protected String createTenant(String prefix, int dedicated, int shared) {
        return createTenantWithId(unique(prefix), dedicated, shared);
    }

    /** Creates tenant {@code id} (Asia/Shanghai, zh-CN, a Chinese display name); returns its id. */
    protected String createTenantWithId(String id, int dedicated, int shared) {
        Answer a = op("POST", "/tenants", "{\"id\":\"" + id + "\",\"displayName\":\"" + id + " 公司\",\"timezone\":\"Asia/Shanghai\","
            + "\"locale\":\"zh-CN\",\"dedicatedSeats\":" + dedicated + ",\"sharedSeats\":" + shared + "}");
        if (a.status != 201) {
            throw new AssertionError("creating tenant " + id + ": " + a);
        }
        return id;
    }

    /** Creates a user with {@code roles} (JSON array body) in {@code tenant}; returns its id. */
    protected String createUser(String tenant, String username, String rolesJson) {
        Answer a = op("POST", "/tenants/" + tenant + "/users", "{\"username\":\"" + username + "\",\"displayName\":\"用户 " + username
            + "\",\"roles\":" + rolesJson + ",\"password\":\"" + PASSWORD + "\"}");
        if (a.status != 201) {
            throw new AssertionError("creating user " + username + "@" + tenant + ": " + a);
        }
        return a.json.get("id").asText();
    }
}
