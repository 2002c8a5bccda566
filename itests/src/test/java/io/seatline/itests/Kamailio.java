package io.seatline.itests;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kamailio process (Debian package {@code kamailio}) playing the carrier's SBC in front of Seatline, with
 * {@code src/test/resources/kamailio/sbc.cfg}: a stateful proxy on 127.0.0.1:{@code listenPort} (UDP and TCP) that
 * record-routes, relays a request from Seatline's address and port to the carrier and any other request to Seatline
 * (Request-URI user kept, host and port rewritten), and loose-routes what follows in the dialog. Seatline's trunk
 * points at it; the carrier side is a SIPp. It runs in the foreground as whoever runs the tests (root or not), with its
 * runtime directory and log in {@code karaf.data/kamailio/}; the log has a line {@code SBC: ...} per relayed request and
 * reply, and its tail is in every error.
 */
final class Kamailio implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** where Debian (and a source install) put the modules; the first with tm.so is passed to the cfg as MPATH */
    private static final List<String> MODULE_DIRS = List.of("/usr/lib/x86_64-linux-gnu/kamailio/modules",
        "/usr/lib/aarch64-linux-gnu/kamailio/modules", "/usr/lib64/kamailio/modules", "/usr/lib/kamailio/modules",
        "/usr/local/lib64/kamailio/modules", "/usr/local/lib/kamailio/modules");

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final boolean tcp;
    /** its children once it was ready: killed by close() even when the main process died first (they outlive it) */
    private volatile List<ProcessHandle> children = List.of();

    private Kamailio(String name, Process process, int port, Path log, boolean tcp) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.tcp = tcp;
    }

    static String binary() {
        for (String candidate : List.of("/usr/sbin/kamailio", "/usr/local/sbin/kamailio")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("kamailio is not installed: apt-get install -y kamailio (.ci/run does this)");
    }

    /** The directory of sbc.cfg: {@code seatline.it.kamailioDir}, else {@code seatline.it.sippDir/../kamailio}. */
    static Path configDir() {
        String dir = System.getProperty("seatline.it.kamailioDir");
        if (dir != null && !dir.isBlank()) {
            return Paths.get(dir);
        }
        String sipp = System.getProperty("seatline.it.sippDir");
        if (sipp == null) {
            throw new AssertionError("neither seatline.it.kamailioDir nor seatline.it.sippDir is set: run the suite with mvn verify in itests");
        }
        return Paths.get(sipp).resolve("..").resolve("kamailio").normalize();
    }

    /**
     * Starts the SBC on 127.0.0.1:{@code listenPort} (UDP and TCP; a port free for both, e.g. SeatlineTestSupport's
     * freeUdpPort) in front of Seatline at {@code seatlineHost:seatlinePort}, sending Seatline's calls to the carrier
     * at {@code carrierHost:carrierPort}, and returns once it answers a SIP OPTIONS on UDP and accepts TCP connections.
     * {@code defines} are further cfg defines, e.g. {@code "STRICT_DIALOGS"}, {@code "NO_TCP"} (UDP only),
     * {@code "CARRIER_TRANSPORT=\"tcp\""} or {@code "LOG_LEVEL=3"} (see sbc.cfg).
     */
    static Kamailio start(String name, int listenPort, String seatlineHost, int seatlinePort, String carrierHost, int carrierPort,
        String... defines) {
        Path cfg = configDir().resolve("sbc.cfg");
        if (!Files.isRegularFile(cfg)) {
            throw new AssertionError("the SBC's Kamailio configuration is missing: " + cfg);
        }
        String binary = binary();
        try {
            String tag = name + "-" + listenPort + "-" + System.nanoTime();
            Path work = Files.createDirectories(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "kamailio"));
            // -Y (runtime dir, default /run/kamailio, root's) and -w (working dir, where a core would go): a directory of its own
            Path run = Files.createDirectories(work.resolve(tag));
            Path log = work.resolve(tag + ".log");
            // -DD: the main process stays in the foreground (no daemon, no pid file), its children are its own;
            // -E: log to stderr; -m/-M: shared/private memory in MB (default 64/8)
            List<String> cmd = new ArrayList<>(List.of(binary, "-f", cfg.toString(), "-DD", "-E", "-Y", run.toString(),
                "-w", run.toString(), "-m", "32", "-M", "8",
                "-A", "SBC_PORT=" + listenPort,
                "-A", "SEATLINE_IP=\"" + ipv4(seatlineHost) + "\"", "-A", "SEATLINE_PORT=" + seatlinePort,
                "-A", "CARRIER_IP=\"" + ipv4(carrierHost) + "\"", "-A", "CARRIER_PORT=" + carrierPort));
            for (String dir : MODULE_DIRS) {
                if (List.of(defines).stream().noneMatch(d -> d.startsWith("MPATH=")) && new File(dir, "tm.so").isFile()) {
                    cmd.addAll(List.of("-A", "MPATH=\"" + dir + "/\""));
                    break;
                }
            }
            for (String define : defines) {
                cmd.addAll(List.of("-A", define));
            }
            Files.writeString(log, String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(cmd).directory(run.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Kamailio k = new Kamailio(name, p, listenPort, log, !List.of(defines).contains("NO_TCP"));
            try {
                k.awaitReady();
                k.children = p.descendants().toList();
            } catch (AssertionError e) {
                k.close();
                throw e;
            }
            return k;
        } catch (IOException e) {
            throw new AssertionError("cannot start kamailio " + name + ": " + e, e);
        }
    }

    /** The cfg compares addresses as text ($si): an IPv4 literal, whatever name was given. */
    private static String ipv4(String host) {
        try {
            InetAddress a = InetAddress.getByName(host);
            if (!(a instanceof Inet4Address)) {
                throw new AssertionError("the SBC listens on IPv4 only, not " + host);
            }
            return a.getHostAddress();
        } catch (IOException e) {
            throw new AssertionError("cannot resolve " + host + ": " + e, e);
        }
    }

    /**
     * Polls until Kamailio answers an OPTIONS on UDP (sbc.cfg answers keepalives itself, "200 Keepalive" with its own
     * Server header, so a reply proves it is this Kamailio and its script runs) and accepts a TCP connection, or the
     * deadline passes or it exits (a bad cfg or a port taken: the log tail says).
     */
    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        boolean udpUp = false;
        String last = "nothing tried yet";
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp.setSoTimeout(200);
            int seq = 0;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("kamailio " + name + " exited with " + process.exitValue() + " before it was ready (" + last + ")\n" + errors());
                }
                if (!udpUp) {
                    udpUp = ping(udp, ++seq);
                    last = "no 200 to OPTIONS on udp:127.0.0.1:" + port;
                    continue; // the receive timeout paces the polling
                }
                if (!tcp) {
                    return;
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                    return;
                } catch (IOException e) {
                    last = "tcp:127.0.0.1:" + port + ": " + e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for kamailio " + name, e);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot probe kamailio " + name + ": " + e + "\n" + errors(), e);
        }
        throw new AssertionError("kamailio " + name + " was not ready within " + START_TIMEOUT + " (" + last + ")\n" + errors());
    }

    /** Sends an OPTIONS to the SBC itself; true on its 200 (anything else, or nothing within the socket's timeout: false). */
    private boolean ping(DatagramSocket udp, int seq) throws IOException {
        int local = udp.getLocalPort();
        String callId = "sbc-ready-" + local + "-" + seq;
        String options = "OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK-" + callId + ";rport\r\n"
            + "From: <sip:probe@127.0.0.1:" + local + ">;tag=" + seq + "\r\n"
            + "To: <sip:127.0.0.1:" + port + ">\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + seq + " OPTIONS\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n";
        byte[] out = options.getBytes(StandardCharsets.US_ASCII);
        udp.send(new DatagramPacket(out, out.length, InetAddress.getLoopbackAddress(), port));
        byte[] in = new byte[4096];
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(udp.getSoTimeout());
        while (System.nanoTime() < until) {
            DatagramPacket reply = new DatagramPacket(in, in.length);
            try {
                udp.receive(reply);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                // ICMP port unreachable surfacing on some kernels: not up yet
                return false;
            }
            String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
            if (text.contains(callId)) { // not a late answer to an earlier probe
                return text.startsWith("SIP/2.0 200") && text.contains("seatline-it-sbc");
            }
        }
        return false;
    }

    /** The port the SBC listens on (UDP and TCP, 127.0.0.1): Seatline's trunk and the carrier's SIPp send here. */
    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kamailio's whole log so far (the command line first, then a line {@code SBC: ...} per relayed request and reply). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Where it stands and the tail of its log, for assertion messages. */
    String errors() {
        String all = log();
        String tail = all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "kamailio " + name + " (" + state + ", log " + log + ")\n--- log tail ---\n" + tail;
    }

    /**
     * Stops it: SIGTERM to the main process, which stops its children; any left (the main one killed, or slow) are
     * killed, and waited for so the port is free again.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = new ArrayList<>(this.children);
        process.descendants().filter(h -> !children.contains(h)).forEach(children::add);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
                child.onExit().get(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a child that would not die: nothing more to do from here
        }
    }
}
