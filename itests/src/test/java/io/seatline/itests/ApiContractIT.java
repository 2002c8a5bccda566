package io.seatline.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The API's contract as a client sees it: the OpenAPI document (committed, lint-clean, a typed client that compiles
 * with the README's examples), and every operation fuzzed with malformed input — each answer a JSON 4xx in the
 * documented shape with no internal names, and nothing stored.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiContractIT extends SeatlineTestSupport {
    private static final Pattern INTERNAL = Pattern.compile("io\\.seatline|java\\.|javax\\.|com\\.fasterxml|\\$[A-Z]|Exception|\\bat [a-z]+\\.");

    private static Path repo() {
        return Paths.get(System.getProperty("seatline.it.repoDir")).toAbsolutePath().normalize();
    }

    @Test
    public void theOpenApiDocumentIsCommittedLintCleanAndGivesATypedClient() throws Exception {
        Answer live = send(null, null, "GET", "/openapi.json", null);
        assertEquals(200, live.status);
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(live.json) + "\n";
        Path check = repo().resolve("itests/openapi");
        Files.createDirectories(check.resolve("target"));
        Files.writeString(check.resolve("target/openapi-live.json"), pretty, StandardCharsets.UTF_8);
        Path committed = repo().resolve("docs/openapi.json");
        String was = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertEquals("docs/openapi.json is stale: cp itests/openapi/target/openapi-live.json docs/openapi.json", was, pretty);
        // the README's TypeScript examples, type-checked against the generated client
        Path examples = check.resolve("target");
        Matcher ts = Pattern.compile("```ts\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(repo().resolve("README.md"), StandardCharsets.UTF_8));
        int n = 0;
        while (ts.find()) {
            Files.writeString(examples.resolve("readme-" + (++n) + ".ts"), ts.group(1), StandardCharsets.UTF_8);
        }
        assertTrue("the README has a TypeScript example", n > 0);
        if (!Files.isDirectory(check.resolve("node_modules"))) {
            assertEquals(0, npm(check, "ci", "--no-audit", "--no-fund").exit);
        }
        Run lint = npm(check, "run", "lint");
        assertEquals(lint.out, 0, lint.exit);
        assertTrue("redocly reports no warnings: " + lint.out, !lint.out.matches("(?s).*\\b[1-9]\\d* warnings?\\b.*"));
        Run gen = npm(check, "run", "generate");
        assertEquals(gen.out, 0, gen.exit);
        Run tsc = npm(check, "run", "typecheck");
        assertEquals(tsc.out, 0, tsc.exit);
    }

    private record Run(int exit, String out) {
    }

    private static Run npm(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("npm"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("npm", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("npm " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    public void whatTheWebServerRefusesIsAlsoJson() throws Exception {
        String auth = basicAuth(OPERATOR, OPERATOR_PASSWORD);
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("NUL in the path", "GET /api/v1/tenants/%00 HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth + "\r\nConnection: close\r\n\r\n");
        raw.put("URI too long", "GET /api/v1/tenants?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        raw.put("headers too large", "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        raw.put("outside /api/v1", "GET /api/v2/tenants HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        raw.put("malformed chunked body", "POST /api/v1/dnc HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth + "\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"pho\r\nZZ\r\nne\":\r\n0\r\n\r\n");
        for (Map.Entry<String, String> r : raw.entrySet()) {
            RawAnswer a = rawExchange(r.getValue(), new byte[0]);
            assertTrue(r.getKey() + ": " + a.head(), a.status() >= 400 && a.status() < 500);
            assertTrue(r.getKey() + ": " + a.head(), a.head().toLowerCase().contains("content-type: application/json"));
            assertTrue(r.getKey() + ": " + a.json(), a.json().get("code").isTextual() && a.json().get("message").isTextual());
        }
        assertEquals("the operator DNC list is untouched", 0, op("GET", "/dnc", null).json.get("total").asLong());
    }

    @Test
    public void aJsonBodyIsBoundedBySizeWithOrWithoutItsLength() throws Exception {
        byte[] big = ("{\"phone\":\"13800000001\",\"reason\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/dnc HTTP/1.1\r\nHost: x\r\nAuthorization: " + basicAuth(OPERATOR, OPERATOR_PASSWORD)
            + "\r\nContent-Type: application/json\r\n";
        RawAnswer sized = rawExchange(head + "Content-Length: " + big.length + "\r\n\r\n", big);
        assertEquals(sized.head(), 413, sized.status());
        assertEquals("body_too_large", sized.json().get("code").asText());
        // chunked: no length to check up front, so it is cut off while it is read
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < big.length; off += 65536) {
            int n = Math.min(65536, big.length - off);
            chunks.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.write(big, off, n);
            chunks.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawAnswer streamed = rawExchange(head + "Transfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());
        assertEquals(streamed.head(), 413, streamed.status());
        assertEquals("body_too_large", streamed.json().get("code").asText());
        assertEquals("nothing stored", 0, op("GET", "/dnc", null).json.get("total").asLong());
    }

    private record RawAnswer(int status, String head, JsonNode json) {
    }

    /**
     * Sends a request over a raw socket — the body from another thread, as a client does, since the server may answer
     * and close before it has all of it — and reads the answer's status, headers and JSON error body.
     */
    private RawAnswer rawExchange(String head, byte[] body) throws Exception {
        String port = baseUrl().replaceAll(".*:(\\d+)/.*", "$1");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(20_000);
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    // the server answered and closed before the whole body was sent: expected for a refused body
                }
            });
            writer.start();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder headers = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.append(line).append('\n');
            }
            String json = null;
            for (String line = in.readLine(); line != null && json == null; line = in.readLine()) {
                if (line.contains("\"code\"")) {
                    json = line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1); // the connection may stay open after it
                }
            }
            writer.join(20_000);
            assertTrue("a JSON error body after " + headers, json != null);
            return new RawAnswer(Integer.parseInt(headers.toString().split(" ")[1]), headers.toString(), JSON.readTree(json));
        }
    }

    // ------------------------------------------------------------------ fuzz

    @Test
    public void everyOperationRefusesMalformedInputWithAJsonFourHundredAndStoresNothing() throws Exception {
        String tenant = createTenant("fuzz", 3, 0);
        createUser(tenant, "fz-agent", "[\"agent\"]");
        JsonNode doc = send(null, null, "GET", "/openapi.json", null).json;
        JsonNode schemas = doc.get("components").get("schemas");
        Map<String, String> before = snapshot(doc, tenant);
        assertTrue("the snapshot covers the tenant's lists", before.size() > 20);
        List<String> failures = new ArrayList<>();
        int requests = 0;
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> pi = doc.get("paths").fields(); pi.hasNext(); ) {
            Map.Entry<String, JsonNode> path = pi.next();
            for (Iterator<Map.Entry<String, JsonNode>> oi = path.getValue().fields(); oi.hasNext(); ) {
                Map.Entry<String, JsonNode> o = oi.next();
                String verb = o.getKey().toUpperCase();
                JsonNode op = o.getValue();
                operations++;
                String url = path.getKey().replace("{tenant}", tenant).replaceAll("\\{[^}]+}", "fz-missing");
                // path and query parameters
                for (String[] v : pathVariants(path.getKey(), tenant)) {
                    requests++;
                    check(failures, verb + " " + path.getKey() + " path " + v[1], raw(verb, v[0], null, null), null);
                }
                for (JsonNode p : op.path("parameters")) {
                    if (!p.get("in").asText().equals("query")) {
                        continue;
                    }
                    for (String bad : queryVariants(p.get("name").asText(), p.get("schema"))) {
                        requests++;
                        check(failures, verb + " " + path.getKey() + " ?" + p.get("name").asText() + "=" + abbreviate(bad),
                            raw(verb, url + "?" + p.get("name").asText() + "=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), null, null),
                            p.get("name").asText());
                    }
                }
                JsonNode body = op.path("requestBody").path("content").path("application/json").path("schema");
                if (body.isMissingNode()) {
                    continue;
                }
                // whole-body variants
                for (String bad : List.of("", "null", "{", "[1]", "\"text\"", "42", "{\"a\":1}{", "{\"fz_unknown\":1}")) {
                    requests++;
                    check(failures, verb + " " + path.getKey() + " body " + abbreviate(bad), raw(verb, url, bad, "application/json"), null);
                }
                requests++;
                check(failures, verb + " " + path.getKey() + " body as text/plain", raw(verb, url, "{}", "text/plain"), null);
                // field variants: one bad field at a time, so the answer must name it
                JsonNode object = resolve(body, schemas);
                for (Iterator<Map.Entry<String, JsonNode>> fi = object.path("properties").fields(); fi.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = fi.next();
                    for (Map.Entry<String, String> bad : fieldVariants(resolve(f.getValue(), schemas), schemas).entrySet()) {
                        requests++;
                        ObjectNode b = JSON.createObjectNode();
                        b.set(f.getKey(), JSON.readTree(bad.getValue()));
                        check(failures, verb + " " + path.getKey() + " ." + f.getKey() + " " + bad.getKey(), raw(verb, url, b.toString(), "application/json"),
                            f.getKey());
                    }
                }
            }
        }
        Map<String, String> after = snapshot(doc, tenant);
        List<String> changed = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                changed.add(k + "\n  before " + abbreviate(v) + "\n  after  " + abbreviate(after.get(k)));
            }
        });
        System.out.println("API fuzz: " + operations + " operations, " + requests + " malformed requests, " + failures.size() + " failures, "
            + changed.size() + " lists changed");
        assertTrue("operations walked: " + operations, operations > 200);
        assertEquals(String.join("\n", failures.subList(0, Math.min(40, failures.size()))), 0, failures.size());
        assertEquals("stored changes:\n" + String.join("\n", changed), 0, changed.size());
    }

    /** Every list the tenant and the operator can read, as JSON text, for a before/after comparison. */
    private Map<String, String> snapshot(JsonNode doc, String tenant) {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> pi = doc.get("paths").fields(); pi.hasNext(); ) {
            Map.Entry<String, JsonNode> path = pi.next();
            JsonNode get = path.getValue().get("get");
            String p = path.getKey();
            if (get == null || p.replace("{tenant}", "").contains("{") || p.matches(".*(audit|realtime|events|stream|status|health|openapi|queues/stats|figures|wallboard|report).*")) {
                continue;
            }
            JsonNode schema = get.path("responses").path("200").path("content").path("application/json").path("schema");
            boolean list = schema.path("type").asText().equals("array") || schema.path("properties").has("items");
            if (!list) {
                continue;
            }
            Answer a = op("GET", p.replace("{tenant}", tenant) + (schema.path("properties").has("items") ? "?limit=500" : ""), null);
            if (a.status == 200) {
                out.put(p, a.body);
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = schemas.get(s.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        return s;
    }

    /** Malformed values for a field of {@code schema}: wrong JSON types, and texts breaking the limits. */
    private static Map<String, String> fieldVariants(JsonNode schema, JsonNode schemas) {
        Map<String, String> v = new LinkedHashMap<>();
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "string" -> {
                v.put("number", "12");
                v.put("boolean", "true");
                v.put("object", "{\"o\":1}");
                v.put("list", "[\"a\"]");
                v.put("NUL", "\"a\\u0000b\"");
                v.put("escape", "\"a\\u001bb\"");
                int max = schema.path("maxLength").asInt(1000);
                v.put("too long", "\"" + "x".repeat(max + 1) + "\"");
                if (schema.has("enum")) {
                    v.put("not in enum", "\"FZ_NOT_A_VALUE\"");
                }
            }
            case "integer", "number" -> {
                v.put("text", "\"12\"");
                v.put("boolean", "true");
                v.put("object", "{\"o\":1}");
                if (type.equals("integer")) {
                    v.put("fraction", "1.5");
                    v.put("huge", "1" + "0".repeat(30));
                }
            }
            case "boolean" -> {
                v.put("text", "\"maybe\"");
                v.put("number", "1");
                v.put("object", "{}");
            }
            case "array" -> {
                v.put("text", "\"a\"");
                v.put("object", "{}");
                JsonNode items = resolve(schema.get("items"), schemas);
                // distinct entries, so a set cannot fold them into one
                v.put("too many", "[" + String.join(",", java.util.stream.IntStream.rangeClosed(0, 1000).mapToObj(i -> sample(items, i)).toList()) + "]");
            }
            case "object" -> {
                v.put("text", "\"a\"");
                v.put("list", "[]");
                if (schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()) {
                    v.put("unknown field", "{\"fz_unknown\":1}");
                }
            }
            default -> {
            }
        }
        return v;
    }

    /** A well-formed value of a schema, for the entries of an over-long list. */
    private static String sample(JsonNode schema, int i) {
        return switch (schema.path("type").asText("object")) {
            case "string" -> schema.has("enum") ? "\"" + schema.get("enum").get(i % schema.get("enum").size()).asText() + "\"" : "\"a" + i + "\"";
            case "integer", "number" -> String.valueOf(i);
            case "boolean" -> "true";
            case "array" -> "[]";
            default -> "{}";
        };
    }

    private static List<String> queryVariants(String name, JsonNode schema) {
        List<String> v = new ArrayList<>(List.of("a\u0001b", "x".repeat(1001)));
        switch (schema.path("type").asText()) {
            case "integer" -> v.addAll(List.of("abc", "1.5", "99999999999999999999"));
            case "boolean" -> v.add("maybe");
            default -> {
            }
        }
        if (name.equals("limit")) {
            v.addAll(List.of("-5", "0", "1000000000"));
        }
        if (name.equals("offset")) {
            v.add("-1");
        }
        return v;
    }

    /** Malformed path segments in place of each parameter of {@code template} (the others valid-looking). */
    private static List<String[]> pathVariants(String template, String tenant) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        while (m.find()) {
            for (String bad : List.of("%01", "%00", "a%0Ab", "x".repeat(1001))) {
                String p = template.substring(0, m.start()) + bad + template.substring(m.end());
                out.add(new String[] {p.replace("{tenant}", tenant).replaceAll("\\{[^}]+}", "fz-missing"), m.group(1) + "=" + abbreviate(bad)});
            }
        }
        return out;
    }

    private void check(List<String> failures, String what, Answer a, String field) {
        String problem = null;
        if (a.status < 400 || a.status >= 500) {
            problem = "status " + a.status;
        } else if (a.json == null || !a.json.has("code") || !a.json.has("message") || !a.json.get("code").isTextual()) {
            problem = "not the JSON error shape";
        } else if (INTERNAL.matcher(a.json.get("message").asText()).find()) {
            problem = "names internals";
        } else if (field != null && a.status == 400 && a.json.has("field") && !a.json.get("field").isNull()
            && !a.json.get("field").asText().split("[.\\[]")[0].equals(field)) {
            problem = "names field " + a.json.get("field").asText() + ", not " + field;
        }
        if (problem != null) {
            failures.add(what + ": " + problem + " — " + abbreviate(a.body));
        }
    }

    private Answer raw(String verb, String pathAndQuery, String body, String type) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(30))
            .header("Authorization", basicAuth(OPERATOR, OPERATOR_PASSWORD));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(verb, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return sendRequest(b.build());
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 120 ? s.substring(0, 120) + "…(" + s.length() + ")" : s;
    }
}
