package io.seatline.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded H2 database's file while Seatline runs.
 * <p>
 * The data source opens H2 with {@code WRITE_DELAY=0}, so that a commit is in the file when it returns (H2's default
 * keeps the last half second of commits in memory, lost on a kill). But H2 compacts its file only on the background
 * thread that a positive write delay starts (H2 issue 442): with {@code WRITE_DELAY=0} every commit adds a chunk, the
 * chunks of rows that stay (CDRs, audit) are never rewritten, so the old ones are never freed — the file grew by
 * 23 MB and the heap by 0.7 MB (the chunks' descriptions) a minute at 5 calls/s. This does what that thread would:
 * every second, while the live share of the chunks is under {@value #TARGET_FILL_RATE} %, it rewrites the emptiest
 * (at most {@value #WRITE_LIMIT} bytes), and H2's next commit frees the chunks left empty once they are older than
 * its retention time (45 s). Freed space is reused, so the file stays at the size its live data needs.
 * <p>
 * Only for H2 (MariaDB compacts itself); the store is reached through H2's own classes, as its background thread
 * does, and if a later H2 moves them this logs once and does nothing rather than fail the start.
 */
@Component(immediate = true)
public class H2Housekeeping {
    static final int TARGET_FILL_RATE = 50;
    static final int WRITE_LIMIT = 4 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    @Reference(target = "(dataSourceName=seatline)")
    private DataSource dataSource;

    private ScheduledExecutorService timer;
    private volatile boolean warned;

    @Activate
    void activate() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2") || !c.getMetaData().getURL().startsWith("jdbc:h2:file:")) {
                return;
            }
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seatline-h2-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::run, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void run() {
        try (Connection c = dataSource.getConnection()) {
            compact(store(c));
        } catch (Exception | LinkageError e) {
            if (!warned) {
                warned = true;
                LOG.warn("H2 housekeeping is not possible ({}): the database file will grow until H2 is restarted", e.toString());
            }
        }
    }

    /** One round: rewrites the emptiest chunks while the live share is under the target; whether it rewrote any. */
    static boolean compact(MVStore store) {
        if (store == null || store.isClosed() || store.isReadOnly()) {
            return false;
        }
        FileStore<?> file = store.getFileStore();
        if (file == null || file.getChunksFillRate() >= TARGET_FILL_RATE) {
            return false;
        }
        return store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
    }

    /** The store of an embedded H2 connection: session, database, store, as H2 itself goes (those types are internal). */
    static MVStore store(Connection c) throws Exception {
        Object session = JdbcConnection.class.getMethod("getSession").invoke(c.unwrap(JdbcConnection.class));
        Object database = session.getClass().getMethod("getDatabase").invoke(session);
        Object store = database.getClass().getMethod("getStore").invoke(database);
        return (MVStore) store.getClass().getMethod("getMvStore").invoke(store);
    }
}
