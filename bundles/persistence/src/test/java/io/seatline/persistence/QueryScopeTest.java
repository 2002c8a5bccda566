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
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * No query escapes tenant scoping. Hibernate's tenant filter covers entity queries but neither bulk statements nor
 * native SQL, so this scan of every bundle's main sources fails the build on:
 * <ul>
 *   <li>a bulk {@code update}/{@code delete} (an {@code executeUpdate()}) that does not go through {@link Jpa#bulk}
 *       (which writes the context tenant into the statement) or {@link Jpa#operatorBulk} (the operator's own rows);</li>
 *   <li>a {@code createNativeQuery} outside the allow-list below, where each place is named with why it needs SQL;
 *       each of them must take the tenant as a parameter ({@code tenant_id = ?} or {@code tenant_id in (:ids)}) unless
 *       the list says why the rows are the operator's.</li>
 * </ul>
 */
public class QueryScopeTest {
    /** file (under bundles/) -> number of native queries allowed there, and why SQL. */
    private static final Map<String, Integer> NATIVE_ALLOWED = new TreeMap<>(Map.of(
        // usage totals are upserts (MERGE / ON DUPLICATE KEY) of (tenant_id, period, ...) keys: no JPQL equivalent
        "billing/src/main/java/io/seatline/billing/internal/Tally.java", 2,
        // CDRs of the telephony bundle, read by tenant_id without mapping telephony's entities into billing's unit (the
        // backlog of a period, the batch the rating thread was told were written, and the unaccounted check)
        "billing/src/main/java/io/seatline/billing/internal/Rating.java", 3,
        // a run's inputs for the tenants of the run: tenant_id in (:ids), from other bundles' tables
        "billing/src/main/java/io/seatline/billing/internal/RunInputs.java", 3,
        // one round trip for a batch of numbers against the tenant's and the operator's DNC rows (tenant_id = :t or null)
        "dialer/src/main/java/io/seatline/dialer/internal/DialerPart.java", 1,
        // the operator's shared seat pool: which pool seats are taken, across tenants by design, no tenant data returned
        "tenancy/src/main/java/io/seatline/tenancy/internal/SeatServiceImpl.java", 1));
    /** native statements that are the operator's by design (no tenant parameter) */
    private static final List<String> OPERATOR_NATIVE = List.of("select seat_id from sl_seat_assignment where kind = 'SHARED'");

    private static final Pattern NATIVE = Pattern.compile("createNativeQuery\\(");
    private static final Pattern BULK_JPQL = Pattern.compile("createQuery\\(\\s*\"\\s*(update|delete)\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern TENANT_PARAM = Pattern.compile("tenant_id\\s*(=|in\\s*\\()\\s*[?:(]|\\(tenant_id,");
    private static final Pattern EXECUTE_UPDATE = Pattern.compile("\\.executeUpdate\\(\\)");

    @Test
    public void everyBulkStatementAndNativeQueryIsTenantScoped() throws IOException {
        Path bundles = Paths.get("..").toAbsolutePath().normalize();
        assertTrue("run from bundles/persistence: " + bundles, Files.isDirectory(bundles.resolve("persistence")));
        List<String> problems = new ArrayList<>();
        Map<String, Integer> natives = new TreeMap<>();
        int bulks = 0;
        List<Path> sources;
        try (Stream<Path> s = Files.walk(bundles)) {
            sources = s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")).sorted().toList();
        }
        for (Path file : sources) {
            String rel = bundles.relativize(file).toString().replace('\\', '/');
            if (rel.equals("persistence/src/main/java/io/seatline/persistence/Jpa.java")) {
                continue; // the helpers themselves
            }
            String src = Files.readString(file, StandardCharsets.UTF_8);
            Matcher n = NATIVE.matcher(src);
            while (n.find()) {
                natives.merge(rel, 1, Integer::sum);
                String statement = statement(src, n.start());
                // SQL assembled in a StringBuilder just before: its text is in the lines above
                String sql = statement.matches("(?s).*createNativeQuery\\(\\w+\\.toString\\(\\)\\).*")
                    ? src.substring(Math.max(0, n.start() - 1500), n.start()) : statement;
                boolean tenantParam = TENANT_PARAM.matcher(sql).find();
                if (!tenantParam && OPERATOR_NATIVE.stream().noneMatch(statement::contains)) {
                    problems.add(rel + " line " + line(src, n.start()) + ": native SQL without the tenant as a parameter");
                }
            }
            Matcher u = EXECUTE_UPDATE.matcher(src);
            while (u.find()) {
                String statement = statement(src, u.start());
                if (statement.contains("Jpa.bulk(") || statement.contains("Jpa.operatorBulk(")) {
                    bulks++;
                } else if (!statement.contains("createNativeQuery(")) {
                    problems.add(rel + " line " + line(src, u.start()) + ": a bulk statement outside Jpa.bulk / Jpa.operatorBulk");
                }
            }
            if (BULK_JPQL.matcher(src).find()) {
                problems.add(rel + ": a bulk JPQL statement built with createQuery (use Jpa.bulk)");
            }
        }
        for (Map.Entry<String, Integer> e : natives.entrySet()) {
            Integer allowed = NATIVE_ALLOWED.get(e.getKey());
            if (allowed == null || e.getValue() > allowed) {
                problems.add(e.getKey() + ": " + e.getValue() + " native queries, allowed " + (allowed == null ? 0 : allowed));
            }
        }
        assertEquals("unscoped queries:\n" + String.join("\n", problems), List.of(), problems);
        assertTrue("the scan saw the sources (" + sources.size() + " files, " + bulks + " bulk statements)", sources.size() > 100 && bulks >= 20);
    }

    /** The Java statement around {@code at}: from the previous ';', '{' or '}' to the next ';'. */
    private static String statement(String src, int at) {
        int from = Math.max(Math.max(src.lastIndexOf(';', at), src.lastIndexOf('{', at)), src.lastIndexOf('}', at)) + 1;
        int to = src.indexOf(';', at);
        return src.substring(from, to < 0 ? src.length() : to);
    }

    private static int line(String src, int at) {
        return (int) src.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
