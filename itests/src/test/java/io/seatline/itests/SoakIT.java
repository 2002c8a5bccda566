package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Soak: the distribution as shipped (its bin/setenv heap settings, embedded H2) under a steady moderate load — SIPp
 * customers at 5 calls/s to 30 agents, a REST client polling lists and figures, three live-stream (SSE) clients —
 * for {@code seatline.soak.minutes} (4 in the suite; the benchmark in BENCHMARKS.md ran 60). After a warm-up (a fifth
 * of the run, at least a minute) the live heap (after a full GC), the resident set size and the thread count are sampled;
 * the last samples must be within 10 % (heap, RSS) and 5 threads of the first: nothing grows with time.
 */
public class SoakIT extends DrillTestSupport {
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");

    private Map<String, long[]> lastHistogram = Map.of();

    private record Sample(Instant at, long heapKb, long rssKb, int threads, long cdrs, long dbKb) {
    }

    @Test
    public void aSteadyLoadGrowsNeitherHeapNorMemoryNorThreads() throws Exception {
        Duration run = Duration.ofMinutes(Long.getLong("seatline.soak.minutes", 4));
        Duration warmUp = run.dividedBy(5).compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : run.dividedBy(5);
        Duration every = run.dividedBy(40).compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : run.dividedBy(40);
        dist = Distribution.unpack(null);
        dist.shippedHeap();
        dist.start("/trunks");
        String did = provision();
        agents();
        long pid = dist.pid();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong restCalls = new AtomicLong();
        AtomicLong restErrors = new AtomicLong();
        AtomicLong sseLines = new AtomicLong();
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            http.sendAsync(request("/tenants/" + TENANT + "/realtime/stream").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
                    try (Stream<String> lines = r.body()) {
                        lines.takeWhile(l -> running.get()).forEach(l -> sseLines.incrementAndGet());
                    }
                });
        }
        List<String> paths = List.of("/tenants/" + TENANT + "/cdrs?limit=50", "/tenants/" + TENANT + "/queues/stats", "/tenants/" + TENANT + "/calls",
            "/tenants/" + TENANT + "/agents");
        java.util.concurrent.ScheduledExecutorService poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        poller.scheduleWithFixedDelay(() -> {
            try {
                HttpResponse<String> r = http.send(request(paths.get((int) (restCalls.get() % paths.size()))).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    restErrors.incrementAndGet();
                }
            } catch (IOException e) {
                restErrors.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            restCalls.incrementAndGet();
        }, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);

        int calls = (int) (5 * run.toSeconds());
        Sipp load = customers("soak", did, "8613950", dist.home.resolve("answered-soak.log"), 5, calls);
        Instant start = Instant.now();
        List<Sample> samples = new ArrayList<>();
        Map<String, long[]> firstHistogram = Map.of();
        Instant next = start.plus(warmUp);
        while (Instant.now().isBefore(start.plus(run))) {
            Instant due = next;
            Duration left = Duration.between(Instant.now(), due);
            await().atMost((left.isNegative() ? Duration.ZERO : left).plusSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> !Instant.now().isBefore(due));
            samples.add(sample(pid));
            if (samples.size() == 1) {
                firstHistogram = lastHistogram;
            }
            next = next.plus(every);
        }
        String growers = growers(firstHistogram, lastHistogram);
        running.set(false);
        poller.shutdownNow();
        load.await(SIPP_END);
        int answered = answered(dist.home.resolve("answered-soak.log")).size();

        assertTrue("too few samples: " + samples, samples.size() >= 6);
        Sample first = median(samples.subList(0, 3));
        Sample last = median(samples.subList(samples.size() - 3, samples.size()));
        double fileKbPerCall = (last.dbKb() - first.dbKb()) / (double) Math.max(1, last.cdrs() - first.cdrs());
        StringBuilder table = new StringBuilder();
        for (Sample s : samples) {
            table.append(String.format("  %4d s  live heap %7d KB  RSS %8d KB  threads %4d  CDRs %6d  H2 file %7d KB%n",
                Duration.between(start, s.at()).toSeconds(), s.heapKb(), s.rssKb(), s.threads(), s.cdrs(), s.dbKb()));
        }
        System.out.printf("soak (%d min, 5 calls/s, 30 agents, REST every 200 ms, 3 SSE clients; heap from bin/setenv): %d calls answered of %d, "
            + "%d REST calls (%d not 200), %d SSE lines; live heap %d -> %d KB (%+.1f %%), RSS %d -> %d KB (%+.1f %%), threads %d -> %d, H2 file %d -> %d KB (%.1f KB a call)%n%s"
            + "classes that grew most (instances, bytes), first sample to last:%n%s",
            run.toMinutes(), answered, calls, restCalls.get(), restErrors.get(), sseLines.get(), first.heapKb(), last.heapKb(),
            pct(first.heapKb(), last.heapKb()), first.rssKb(), last.rssKb(), pct(first.rssKb(), last.rssKb()), first.threads(), last.threads(), first.dbKb(), last.dbKb(), fileKbPerCall, table,
            growers);
        assertTrue("calls were answered throughout: " + answered + " of " + calls, answered >= calls * 95L / 100);
        assertTrue("REST kept answering: " + restErrors.get() + " of " + restCalls.get(), restErrors.get() <= restCalls.get() / 100);
        assertTrue("live heap grew: " + first + " -> " + last, last.heapKb() <= first.heapKb() * 110 / 100);
        assertTrue("RSS grew: " + first + " -> " + last, last.rssKb() <= first.rssKb() * 110 / 100);
        assertTrue("threads grew: " + first + " -> " + last, last.threads() <= first.threads() + 5);
        // the database holds every call's rows (~4 KB), so its file grows with the calls, but by what they hold, not
        // by the commits (H2 keeps 45 s of old chunks, which the first minutes of a short run are still filling)
        if (run.toMinutes() >= 10) {
            assertTrue("the H2 file grows " + fileKbPerCall + " KB a call", fileKbPerCall < 8);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dist.httpPort + "/api/v1" + path)).header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString((Distribution.OPERATOR + ":" + Distribution.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The live heap (the total of jcmd GC.class_histogram, which counts right after the full GC it makes: a heap
     * figure read by a second command would include what the load allocated in between), the resident set size and
     * the JVM's threads.
     */
    private Sample sample(long pid) throws Exception {
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        String histogram = run(jcmd, Long.toString(pid), "GC.class_histogram");
        lastHistogram = histogram(histogram);
        Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
        long heap = m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        long rss = -1;
        int threads = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        JsonNode page = dist.call("GET", "/tenants/" + TENANT + "/cdrs?limit=1", null, 200);
        Path db = dist.home.resolve("data/db/seatline.mv.db");
        return new Sample(Instant.now(), heap, rss, threads, page.get("total").asLong(), Files.exists(db) ? Files.size(db) / 1024 : -1);
    }

    /** A jcmd GC.class_histogram as class name -> {instances, bytes} (one class name loaded by two bundles adds up). */
    private static Map<String, long[]> histogram(String histogram) {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : histogram.split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return classes;
    }

    private static String growers(Map<String, long[]> first, Map<String, long[]> last) {
        StringBuilder out = new StringBuilder();
        last.entrySet().stream().sorted(java.util.Comparator.comparingLong((Map.Entry<String, long[]> e) -> -(e.getValue()[1]
            - first.getOrDefault(e.getKey(), new long[2])[1]))).limit(25).forEach(e -> {
                long[] before = first.getOrDefault(e.getKey(), new long[2]);
                out.append(String.format("  %+9d  %+11d B  %s%n", e.getValue()[0] - before[0], e.getValue()[1] - before[1], e.getKey()));
            });
        return out.toString();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static Sample median(List<Sample> three) {
        List<Sample> byHeap = three.stream().sorted(java.util.Comparator.comparingLong(Sample::heapKb)).toList();
        List<Sample> byRss = three.stream().sorted(java.util.Comparator.comparingLong(Sample::rssKb)).toList();
        List<Sample> byThreads = three.stream().sorted(java.util.Comparator.comparingInt(Sample::threads)).toList();
        return new Sample(three.get(1).at(), byHeap.get(1).heapKb(), byRss.get(1).rssKb(), byThreads.get(1).threads(), three.get(1).cdrs(),
            three.get(1).dbKb());
    }

    private static double pct(long from, long to) {
        return from == 0 ? 0 : 100.0 * (to - from) / from;
    }
}
