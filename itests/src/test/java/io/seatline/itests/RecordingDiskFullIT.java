package io.seatline.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * Fault drill: the recordings folder is a 1 MB tmpfs (mounted by the test, which runs as root) that fills up while
 * recorded calls go on. Calls continue; each recording that hits the full disk stops with the state DISK_FULL on its
 * CDR and an alert event (the tenant's live stream shows RECORDING_FAILED); no WAV file is left corrupt.
 */
public class RecordingDiskFullIT extends DrillTestSupport {
    private Path mount;

    @After
    public void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    public void aFullDiskStopsRecordingsCleanlyWhileCallsGoOn() throws Exception {
        mount = Files.createDirectories(Paths.get("target", "crash").toAbsolutePath()).resolve("recordings-" + System.nanoTime());
        Files.createDirectories(mount);
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()).redirectErrorStream(true).start();
        String out = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (m.waitFor() != 0) {
            mount = null;
            throw new AssertionError("this drill mounts a 1 MB tmpfs and needs root (CI runs as root): " + out);
        }
        dist = Distribution.unpack(null);
        dist.setProperty("etc/seatline.telephony.cfg", "recordings.dir", mount.toString());
        dist.start("/trunks");
        String did = provision();
        agents();

        List<String> live = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest sse = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dist.httpPort + "/api/v1/tenants/" + TENANT + "/realtime/stream"))
            .header("Accept", "text/event-stream").header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((Distribution.OPERATOR + ":" + Distribution.PASSWORD).getBytes(StandardCharsets.UTF_8))).build();
        http.sendAsync(sse, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> {
            try (Stream<String> lines = r.body()) {
                lines.forEach(live::add);
            }
        });

        // 60 recorded calls (stereo, 32 KB a second each) into 1 MB: the disk is full after a dozen
        Sipp callers = customers("disk", did, "8613940", dist.home.resolve("answered-disk.log"), 3, 60);
        int rc = callers.await(SIPP_END);
        assertEquals("every call went on and ended normally although the disk filled: " + callers.errors(), 0, rc);
        List<JsonNode> cdrs = await().atMost(Duration.ofSeconds(30)).until(this::cdrs, c -> c.size() == 60);

        Map<String, Integer> status = new TreeMap<>();
        int checked = 0;
        for (JsonNode c : cdrs) {
            assertEquals(c.toString(), "ANSWERED", c.get("disposition").asText());
            status.merge(text(c, "recordingStatus"), 1, Integer::sum);
            if (c.hasNonNull("recordingId")) {
                String id = c.get("recordingId").asText();
                dist.call("GET", "/tenants/" + TENANT + "/recordings/" + id, null, 200);
                assertValidWav(id, dist.bytes("/tenants/" + TENANT + "/recordings/" + id + "/audio").body());
                checked++;
            }
        }
        assertTrue("some recordings completed: " + status, status.getOrDefault("COMPLETE", 0) > 0);
        assertTrue("some recordings stopped on the full disk: " + status, status.getOrDefault("DISK_FULL", 0) > 0);
        assertEquals("every call was recorded or says why not: " + status, 60, status.getOrDefault("COMPLETE", 0) + status.getOrDefault("DISK_FULL", 0));
        // no file on the disk is corrupt: every WAV's sizes match its content
        int files = 0;
        try (Stream<Path> walk = Files.walk(mount)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".wav")).toList()) {
                assertValidWav(p.toString(), Files.readAllBytes(p));
                files++;
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> live.stream().anyMatch(l -> l.contains("RECORDING_FAILED") && l.contains("DISK_FULL")));
        System.out.printf("disk-full drill (1 MB recordings folder, 60 calls at 3/s): all 60 calls answered and ended normally; recording states %s; "
            + "%d recordings listed and valid, %d WAV files on the disk all valid; RECORDING_FAILED seen on the live stream%n", status, checked, files);
    }

    private static void assertValidWav(String what, byte[] wav) {
        assertTrue(what + ": " + wav.length + " bytes", wav.length > 44);
        ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(what, "RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(what + " RIFF size", wav.length - 8, h.getInt(4));
        assertEquals(what + " data size", wav.length - 44, h.getInt(40));
    }
}
