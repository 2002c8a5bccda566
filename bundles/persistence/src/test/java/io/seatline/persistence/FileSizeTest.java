package io.seatline.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/** The house rule on size (CONTRIBUTING.md): no main source file over ~600 lines without the reason written at its top. */
public class FileSizeTest {
    private static final int LIMIT = 650;

    @Test
    public void longFilesSayWhyAtTheirTop() throws IOException {
        Path bundles = Paths.get("..").toAbsolutePath().normalize();
        List<String> unexplained = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> s = Files.walk(bundles)) {
            for (Path f : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")).sorted()::iterator) {
                seen++;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                if (lines.size() > LIMIT && !lines.get(0).startsWith("// Longer than ~600 lines: ")) {
                    unexplained.add(bundles.relativize(f) + " (" + lines.size() + " lines)");
                }
            }
        }
        assertTrue("the scan saw the sources", seen > 100);
        assertEquals("split these, or say at their top why they are long ('// Longer than ~600 lines: ...')", List.of(), unexplained);
    }
}
