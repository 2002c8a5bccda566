package io.seatline.persistence.internal;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.h2.mvstore.MVStore;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The embedded database as Seatline opens it ({@code WRITE_DELAY=0}: every commit in the file at once) under the
 * telephony's write pattern — a CDR appended per call, its journal row inserted, updated and deleted — grows without
 * bound unless compacted; with {@link H2Housekeeping}'s rounds it stays near its live data.
 * {@code RETENTION_TIME=0} only so that freed chunks can be reused within the test's seconds (the product keeps
 * H2's 45 s).
 */
public class H2HousekeepingTest {
    private static final int CALLS = 20_000;

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    @Test
    public void compactionKeepsTheFileNearItsLiveDataWhenEveryCommitIsWritten() throws Exception {
        long without = run("plain", false);
        long with = run("kept", true);
        System.out.printf("H2 file after %d calls (WRITE_DELAY=0): %d KB without housekeeping, %d KB with%n", CALLS, without / 1024, with / 1024);
        assertTrue("without compaction the file grows with every commit: " + without, without > 12L * 1024 * 1024);
        assertTrue("compaction keeps it a fraction of that: " + with + " vs " + without, with * 3 < without);
    }

    private long run(String name, boolean housekeeping) throws Exception {
        Path file = dir.getRoot().toPath().resolve(name);
        String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;RETENTION_TIME=0";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            MVStore store = H2Housekeeping.store(c);
            assertNotNull("the store is reached through H2's session", store);
            try (Statement s = c.createStatement()) {
                s.execute("create table cdr(id bigint primary key, tenant varchar(40), parties varchar(400), ended_at timestamp)");
                s.execute("create table call_open(id bigint primary key, tenant varchar(40), state varchar(40), updated_at timestamp)");
            }
            try (PreparedStatement cdr = c.prepareStatement("insert into cdr values (?, 'acme', ?, current_timestamp)");
                 PreparedStatement open = c.prepareStatement("insert into call_open values (?, 'acme', 'OFFERED', current_timestamp)");
                 PreparedStatement answer = c.prepareStatement("update call_open set state = 'ANSWERED', updated_at = current_timestamp where id = ?");
                 PreparedStatement close = c.prepareStatement("delete from call_open where id = ?")) {
                for (long i = 0; i < CALLS; i++) {
                    open.setLong(1, i);
                    open.executeUpdate();
                    answer.setLong(1, i);
                    answer.executeUpdate();
                    cdr.setLong(1, i);
                    cdr.setString(2, "+8613800000000 -> +862100000000 客户 " + i);
                    cdr.executeUpdate();
                    close.setLong(1, i);
                    close.executeUpdate();
                    if (housekeeping && i % 100 == 0) {
                        H2Housekeeping.compact(store);
                    }
                }
            }
            // measured open: closing compacts the file for a moment, which a running server never does
            return Files.size(Path.of(file + ".mv.db"));
        }
    }
}
