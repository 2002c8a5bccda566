package io.seatline.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Every error code of the API in one place: docs/errors.md is generated from the code (each
 * {@code new XxxException("code", ...)} of every bundle, plus the codes the error mapper writes itself) and this test
 * fails when the committed table is stale. Regenerate it with
 * {@code mvn -pl bundles/rest test -Dtest=ErrorCatalogTest -Dseatline.errors.write=true}.
 */
public class ErrorCatalogTest {
    private static final Map<String, Integer> STATUS = Map.of("Validation", 400, "NotAuthenticated", 401, "Forbidden", 403,
        "NotFound", 404, "Conflict", 409, "TooLarge", 413, "Unavailable", 503, "TooManyRequests", 429);
    private static final Pattern THROWN = Pattern.compile(
        "new (?:io\\.seatline\\.core\\.)?(Validation|NotAuthenticated|Forbidden|NotFound|Conflict|TooLarge|Unavailable|TooManyRequests)Exception\\(\\s*\"([a-z0-9_]+)\"\\s*,\\s*(\"(?:[^\"\\\\]|\\\\.)*\")?");
    /** the codes ErrorMapper answers with for failures that are not Seatline exceptions */
    private static final String[][] MAPPER = {
        {"unknown_field", "400", "a JSON body names a field the operation does not have"},
        {"invalid_value", "400", "a JSON value of the wrong type or format"},
        {"invalid_json", "400", "a JSON body that does not map onto the operation's body"},
        {"malformed_json", "400", "a body that is not JSON"},
        {"invalid_type", "400", "a JSON value of the wrong type (a number for a text, \"12\" for a number, \"maybe\" for a flag)"},
        {"too_long", "400", "a text longer than its field allows (docs/rest.md, Limits)"},
        {"control_character", "400", "a control character in a text (free texts may hold line breaks and tabs)"},
        {"too_many_items", "400", "a list or object with more entries than allowed"},
        {"invalid_parameter", "400", "a query parameter that is not of its type, or breaks the text limits"},
        {"invalid_path", "400", "a path segment with a control character or too long"},
        {"unreadable_body", "400", "a body that could not be read (malformed chunking, a client that went away)"},
        {"bad_request", "400", "a request the web server refuses before the API sees it (a NUL or malformed escape in the path)"},
        {"method_not_allowed", "405", "the path exists but not with this method"},
        {"not_acceptable", "406", "an Accept header that excludes application/json"},
        {"unsupported_media_type", "415", "a body of a content type the operation does not take"},
        {"uri_too_long", "414", "a request line longer than the web server takes"},
        {"headers_too_large", "431", "request headers larger than the web server takes"},
        {"no_tenant_context", "403", "tenant-scoped work without a tenant (fail closed)"},
        {"not_found", "404", "no such resource (an unknown path)"},
        {"internal_error", "500", "anything unexpected; the server log has the details"}};

    /** A code's status, the bundles raising it, and its examples (the table shows the first in order, so moving code changes nothing). */
    private record Entry(int status, TreeSet<String> bundles, TreeSet<String> examples) {
        String example() {
            return examples.stream().filter(e -> !e.isEmpty()).findFirst().orElse("");
        }
    }

    @Test
    public void docsErrorsMdListsEveryCodeOfTheCode() throws IOException {
        Path bundles = Paths.get("..").toAbsolutePath().normalize();
        Map<String, Entry> codes = new TreeMap<>();
        try (Stream<Path> s = Files.walk(bundles)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")).sorted()::iterator) {
                String bundle = bundles.relativize(f).getName(0).toString();
                String src = Files.readString(f, StandardCharsets.UTF_8);
                Matcher m = THROWN.matcher(src);
                while (m.find()) {
                    int status = STATUS.get(m.group(1));
                    String text = m.group(3) == null ? "" : m.group(3).substring(1, m.group(3).length() - 1).replace("\\\"", "\"").replace("|", "\\|");
                    if (m.group(3) != null && src.substring(m.end()).stripLeading().startsWith("+")) {
                        text = text.strip() + " …"; // the rest of the message is built at run time
                    }
                    Entry e = codes.computeIfAbsent(m.group(2) + " " + status, k -> new Entry(status, new TreeSet<>(), new TreeSet<>()));
                    e.bundles().add(bundle);
                    e.examples().add(text);
                }
            }
        }
        for (String[] m : MAPPER) {
            Entry e = codes.computeIfAbsent(m[0] + " " + m[1], k -> new Entry(Integer.parseInt(m[1]), new TreeSet<>(), new TreeSet<>()));
            e.bundles().add("rest");
            e.examples().add(m[2]);
        }
        StringBuilder md = new StringBuilder("""
            # Error codes

            Every error answer of the API is `{"code", "message", "field"?}` with the HTTP status below; `code` is stable and
            meant for programs, `message` is for people and may change. This table is generated from the code by
            `ErrorCatalogTest` (bundles/rest) and checked on every build: a code that is thrown somewhere is listed here.
            Regenerate it with `mvn -pl bundles/rest test -Dtest=ErrorCatalogTest -Dseatline.errors.write=true`.
            The web console shows each code in Chinese too: its sentence in `bundles/console/web/src/locales/errors.zh-CN.json`
            comes first, the server's words after it; a console unit test requires a sentence for every code listed here.

            | code | HTTP | raised in | example message |
            |---|---|---|---|
            """);
        for (Map.Entry<String, Entry> e : codes.entrySet()) {
            String code = e.getKey().substring(0, e.getKey().indexOf(' '));
            md.append("| `").append(code).append("` | ").append(e.getValue().status()).append(" | ")
                .append(String.join(", ", e.getValue().bundles())).append(" | ").append(e.getValue().example()).append(" |\n");
        }
        Path doc = bundles.getParent().resolve("docs/errors.md");
        if (Boolean.getBoolean("seatline.errors.write")) {
            Files.writeString(doc, md.toString(), StandardCharsets.UTF_8);
        }
        assertTrue("docs/errors.md exists", Files.exists(doc));
        assertTrue("the scan found the codes (" + codes.size() + ")", codes.size() > 150);
        assertEquals("docs/errors.md is stale: regenerate it (see this test's javadoc)", md.toString(), Files.readString(doc, StandardCharsets.UTF_8));
    }
}
