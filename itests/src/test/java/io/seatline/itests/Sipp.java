package io.seatline.itests;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A SIPp process (Debian package {@code sip-tester}) playing a customer, an agent's phone or a trunk against the
 * Seatline under test, with one of the scenario files in {@code src/test/resources/sipp}. Its statistics file
 * gives the successful and failed call counts.
 */
final class Sipp implements AutoCloseable {
    private static final AtomicInteger MEDIA_PORTS = new AtomicInteger(21000 + (int) (ProcessHandle.current().pid() % 200) * 40);
    private final String name;
    private final Process process;
    private final Path stats;
    private final Path errors;
    private final Path out;

    private Sipp(String name, Process process, Path stats, Path errors, Path out) {
        this.name = name;
        this.process = process;
        this.stats = stats;
        this.errors = errors;
        this.out = out;
    }

    static String binary() {
        for (String candidate : List.of("/usr/bin/sipp", "/usr/local/bin/sipp")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new AssertionError("sipp is not installed: apt-get install -y sip-tester (.ci/run does this)");
    }

    /**
     * Starts {@code scenario} (a file of src/test/resources/sipp, or an absolute path) against Seatline's SIP port;
     * {@code args} are further SIPp options. A local port
     * ({@code -p}) and a media port are chosen unless given.
     */
    static Sipp start(String name, int seatlinePort, String scenario, String... args) {
        try {
            // in the Karaf container under its data folder; in a plain test (the crash drills) under target/
            Path work = Files.createDirectories(Paths.get(System.getProperty("karaf.data", "target"), "sipp"));
            String tag = name + "-" + System.nanoTime();
            Path stats = work.resolve(tag + ".csv");
            Path errors = work.resolve(tag + ".err");
            Path out = work.resolve(tag + ".out");
            List<String> cmd = new ArrayList<>(List.of(binary(), "127.0.0.1:" + seatlinePort,
                "-sf", (Paths.get(scenario).isAbsolute() ? Paths.get(scenario) : Paths.get(System.getProperty("seatline.it.sippDir"), scenario)).toString(),
                "-trace_stat", "-stf", stats.toString(), "-fd", "1", "-trace_err", "-error_file", errors.toString(),
                "-nostdin", "-buff_size", "2097152"));
            List<String> extra = Arrays.asList(args);
            if (!extra.contains("-i")) {
                cmd.addAll(List.of("-i", "127.0.0.1"));
            }
            if (!extra.contains("-mp")) {
                cmd.addAll(List.of("-mp", Integer.toString(MEDIA_PORTS.getAndAdd(4))));
            }
            cmd.addAll(extra);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            return new Sipp(name, p, stats, errors, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start sipp: " + e.getMessage(), e);
        }
    }

    /** Waits for SIPp to finish; returns its exit code (0: every call succeeded). */
    int await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("sipp " + name + " did not finish within " + timeout + "; " + errors());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts SIPp finished with every call successful. */
    void assertSucceeded(Duration timeout) {
        int rc = await(timeout);
        if (rc != 0) {
            throw new AssertionError("sipp " + name + " exited with " + rc + ": " + errors());
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long successful() {
        return counter("SuccessfulCall(C)");
    }

    long failed() {
        return counter("FailedCall(C)");
    }

    /** A cumulative counter from the last line of SIPp's statistics file (written every second and at the end). */
    long counter(String column) {
        try {
            if (!Files.exists(stats)) {
                return 0;
            }
            List<String> lines = Files.readAllLines(stats, StandardCharsets.ISO_8859_1);
            if (lines.size() < 2) {
                return 0;
            }
            List<String> header = Arrays.asList(lines.get(0).split(";"));
            int i = header.indexOf(column);
            String[] last = lines.get(lines.size() - 1).split(";");
            return i < 0 || i >= last.length ? 0 : Long.parseLong(last[i].trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    String errors() {
        try {
            String err = Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : "";
            String o = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
            String tail = o.length() > 1500 ? o.substring(o.length() - 1500) : o;
            return (err.length() > 3000 ? err.substring(0, 3000) : err) + "\n--- output tail ---\n" + tail;
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        Processes.stop(process, 3);
    }
}
