package io.seatline.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server for the tests: GreenMail (the runnable jar {@code com.icegreen:greenmail-standalone}, which the build
 * copies to target/greenmail/ and names in {@code seatline.it.greenmailJar}) in its own java process, never a bundle. It
 * listens on 127.0.0.1 with authentication off, so it accepts any mail for any address, and keeps each mail in the
 * mailbox of each recipient; {@link #messages()} reads them back through GreenMail's REST API. Its log (with the SMTP
 * conversations) is in {@code karaf.data/greenmail/}, and its tail is in every error.
 */
final class MailSink implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int smtpPort;
    private final int apiPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MailSink(Process process, int smtpPort, int apiPort, Path log) {
        this.process = process;
        this.smtpPort = smtpPort;
        this.apiPort = apiPort;
        this.log = log;
    }

    /** Starts GreenMail and returns once its SMTP port greets and its API answers; a port taken meanwhile is retried. */
    static MailSink start() {
        String jar = System.getProperty("seatline.it.greenmailJar");
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new AssertionError("GreenMail's jar is missing (seatline.it.greenmailJar=" + jar + "): run the suite with mvn verify in itests,"
                + " which copies com.icegreen:greenmail-standalone to target/greenmail/");
        }
        for (int attempt = 1; ; attempt++) {
            MailSink sink = launch(jar);
            try {
                sink.awaitReady();
                return sink;
            } catch (AssertionError e) {
                sink.close();
                if (attempt >= 3 || !sink.tail().contains("BindException")) {
                    throw e;
                }
            }
        }
    }

    private static MailSink launch(String jar) {
        int smtp = freePort();
        int api = freePort();
        while (api == smtp) {
            api = freePort();
        }
        try {
            Path dir = Files.createDirectories(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "greenmail"));
            Path log = dir.resolve("greenmail-" + smtp + "-" + System.nanoTime() + ".log");
            // the java of this JVM (Karaf's), small and quick to start; -Dgreenmail.smtp.port alone (with greenmail.setup.test.smtp
            // too, GreenMail 2.1 refuses to start: "Server 'smtp' was found at least twice")
            String java = ProcessHandle.current().info().command().orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            List<String> cmd = List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dgreenmail.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtp, "-Dgreenmail.auth.disabled", "-Dgreenmail.verbose",
                "-Dgreenmail.startup.timeout=20000", "-Dgreenmail.api.hostname=127.0.0.1", "-Dgreenmail.api.port=" + api, "-jar", jar);
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new MailSink(p, smtp, api, log);
        } catch (IOException e) {
            throw new AssertionError("cannot start GreenMail: " + e, e);
        }
    }

    /** Polls until the SMTP port sends its 220 greeting and the REST API is ready, or the deadline passes or GreenMail exits. */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        boolean smtpUp = false;
        String last = "nothing tried yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("GreenMail exited with " + process.exitValue() + " before it was ready (" + last + ")\n" + tail());
            }
            try {
                if (!smtpUp) {
                    smtpUp = greets();
                    last = "SMTP port " + smtpPort + " did not greet";
                }
                if (smtpUp) {
                    HttpResponse<String> r = api("/api/service/readiness");
                    if (r.statusCode() == 200) {
                        return;
                    }
                    last = "API readiness: " + r.statusCode() + " " + r.body();
                }
            } catch (IOException e) {
                last = e.toString();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for GreenMail", e);
            }
        }
        throw new AssertionError("GreenMail was not ready within " + START_TIMEOUT + " (" + last + ")\n" + tail());
    }

    private boolean greets() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), smtpPort), 1000);
            s.setSoTimeout(2000);
            String greeting = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
            OutputStream out = s.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return greeting != null && greeting.startsWith("220");
        }
    }

    /** The port SMTP clients send to (on 127.0.0.1). */
    int smtpPort() {
        return smtpPort;
    }

    /**
     * Every mail received so far, mailbox by mailbox, each in its mailbox's order of arrival (a mail to two recipients is
     * there twice). Each is the raw MIME text as it arrived, one char per byte (ISO-8859-1): {@code getBytes(ISO_8859_1)}
     * gives the bytes back for a MIME parser.
     */
    List<String> messages() {
        List<String> all = new ArrayList<>();
        for (JsonNode user : get("/api/user")) {
            all.addAll(messages(user.get("email").asText()));
        }
        return all;
    }

    /** The mails received so far for {@code address}, in their order of arrival, as raw MIME text (see {@link #messages()}). */
    List<String> messages(String address) {
        JsonNode users = get("/api/user");
        boolean known = false;
        for (JsonNode u : users) {
            known |= address.equalsIgnoreCase(u.get("email").asText());
        }
        if (!known) {
            return List.of();   // GreenMail creates a recipient's mailbox with its first mail
        }
        List<String> out = new ArrayList<>();
        for (JsonNode m : get("/api/user/" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "/messages/INBOX")) {
            out.add(m.get("mimeMessage").asText());
        }
        return out;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = api(path);
            if (r.statusCode() != 200) {
                throw new AssertionError("GreenMail API " + path + ": " + r.statusCode() + " " + r.body() + "\n" + tail());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("GreenMail API " + path + ": " + e + (process.isAlive() ? "" : " (GreenMail exited with "
                + process.exitValue() + ")") + "\n" + tail(), e);
        }
    }

    private HttpResponse<String> api(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The last lines of GreenMail's log (its start, errors and SMTP conversations). */
    String tail() {
        try {
            String s = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            return "--- GreenMail log " + log + " (tail) ---\n" + (s.length() > 4000 ? s.substring(s.length() - 4000) : s);
        } catch (IOException e) {
            return "--- GreenMail log " + log + " unreadable: " + e;
        }
    }

    /** Stops GreenMail (its SMTP port is closed when this returns); again does nothing. */
    @Override
    public void close() {
        Processes.stop(process, 10);
    }

    private static int freePort() {
        return Ports.free();
    }
}
