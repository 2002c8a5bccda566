package io.seatline.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What crosses loopback, seen from outside the peers: UDP packets to a port, captured by tcpdump (Debian package
 * {@code tcpdump}, installed by .ci/run; capturing needs root, as CI runs), and TCP connections by {@code ss}.
 */
final class Capture implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;
    private final String filter;

    private Capture(Process process, Path out, Path err, String filter) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.filter = filter;
    }

    /** Starts counting UDP packets sent to {@code port} on loopback; returns once tcpdump listens. */
    static Capture udpTo(int port) {
        String binary = List.of("/usr/bin/tcpdump", "/usr/sbin/tcpdump").stream().filter(b -> Files.isExecutable(Paths.get(b)))
            .findFirst().orElseThrow(() -> new AssertionError("tcpdump is not installed: apt-get install -y tcpdump (.ci/run does this)"));
        String filter = "udp and dst port " + port;
        try {
            Path dir = Files.createDirectories(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "capture"));
            String tag = "udp-" + port + "-" + System.nanoTime();
            Path out = dir.resolve(tag + ".txt");
            Path err = dir.resolve(tag + ".err");
            Process p = new ProcessBuilder(binary, "-i", "lo", "-n", "-l", "-q", filter).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
            Capture c = new Capture(p, out, err, filter);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.read(err).contains("listening on")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    c.close();
                    throw new AssertionError("tcpdump did not start capturing (" + filter + "): " + c.read(err));
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start tcpdump: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Packets captured so far. */
    long packets() {
        return read(out).lines().filter(l -> !l.isBlank()).count();
    }

    String summary() {
        String o = read(out);
        return "tcpdump '" + filter + "': " + (o.length() > 2000 ? o.substring(0, 2000) : o);
    }

    /** Established TCP connections whose local end is {@code port} (someone connected to a listener there); "" if none. */
    static String connectionsTo(int port) {
        try {
            Process p = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("ss failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ss: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        Processes.stop(process, 3);
    }
}
