package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Runs a browser flow of itests/browser (node, playwright-core, Debian's chromium): its configuration goes in as JSON
 * (SEATLINE_BROWSER_CONFIG), its log and results (checks, figures, axe findings) come back from target/browser; a flow
 * that failed fails the test with its log and what the pages showed.
 */
final class BrowserFlow {
    private BrowserFlow() {
    }

    static Path repo() {
        return Paths.get(System.getProperty("seatline.it.repoDir")).toAbsolutePath().normalize();
    }

    /** Where flows write their results and screenshots. */
    static Path out() throws Exception {
        Path out = Paths.get("target", "browser").toAbsolutePath();
        Files.createDirectories(out);
        return out;
    }

    /** A configuration with what every flow needs: the distribution's address, where results and screenshots go. */
    static ObjectNode config(Distribution dist, String name) throws Exception {
        ObjectNode cfg = Distribution.JSON.createObjectNode();
        cfg.put("base", "http://127.0.0.1:" + dist.httpPort);
        cfg.put("out", out().resolve(name + ".json").toString());
        cfg.put("shots", out().resolve("screenshots").toString());
        return cfg;
    }

    /** Runs itests/browser/{name}.mjs with cfg; its results once every check held. */
    static JsonNode run(String name, ObjectNode cfg) throws Exception {
        Path browser = repo().resolve("itests/browser");
        if (!Files.isRegularFile(browser.resolve("node_modules/.package-lock.json"))) {
            assertEquals(0, run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(browser.toFile()),
                browser.resolve("../target/npm-browser.log")));
        }
        Path json = Paths.get(cfg.get("out").asText());
        Files.deleteIfExists(json);
        ProcessBuilder pb = new ProcessBuilder("node", name + ".mjs").directory(browser.toFile());
        pb.environment().put("SEATLINE_BROWSER_CONFIG", cfg.toString());
        Path log = out().resolve(name + ".log");
        int exit = run(pb, log);
        JsonNode result = Files.exists(json) ? Distribution.JSON.readTree(json.toFile()) : null;
        assertEquals("the browser flow failed: " + Files.readString(log, StandardCharsets.UTF_8) + "\n" + result, 0, exit);
        assertTrue(String.valueOf(result), result != null && result.get("ok").asBoolean());
        return result;
    }

    private static int run(ProcessBuilder pb, Path log) throws Exception {
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " did not finish in 10 minutes; see " + log);
        }
        return p.exitValue();
    }
}
