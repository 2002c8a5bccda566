package io.seatline.persistence.internal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
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
 * every second it rewrites the emptiest chunks and moves chunks into the holes left by freed ones ({@link #compact}),
 * so the file stays at the size its live data and H2's retention need (old chunks are kept 45 s, so that a power
 * cut cannot lose what the disk had not yet written: at 5 calls/s that is ~50 MB of the file).
 * <p>
 * Only for H2 (MariaDB compacts itself); the store is reached through H2's own classes, as its background thread
 * does, and if a later H2 moves them this logs once and does nothing rather than fail the start.
 */
@Component(immediate = true)
public class H2Housekeeping {
    static final int TARGET_FILL_RATE = 50;
    static final int FILE_FILL_RATE = 60;
    static final int WRITE_LIMIT = 1024 * 1024;
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
    void deactivate() throws InterruptedException {
        if (timer != null) {
            // never interrupted: an interrupt during H2's file I/O closes its file channel, and H2 the database
            timer.shutdown();
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("H2 housekeeping still running after 30 s; left to finish");
            }
        }
    }

    private void run() {
        try (Connection c = dataSource.getConnection()) {
            compact(store(c));
        } catch (java.lang.reflect.InvocationTargetException e) {
            // H2 failed inside its own step (it has already dealt with its store): say so once
            if (!warned) {
                warned = true;
                LOG.warn("H2 housekeeping failed", e.getCause());
            }
        } catch (Exception | LinkageError e) { // ExceptionInInitializerError: an H2 without these steps
            if (!warned) {
                warned = true;
                LOG.warn("H2 housekeeping is not possible ({}): the database file will grow until H2 is restarted", e.toString());
            }
        }
    }

    /**
     * One round, as H2's own housekeeping does it: while the chunks older than the retention time are less than
     * {@value #TARGET_FILL_RATE} % live, those under that share are rewritten (at most {@value #WRITE_LIMIT} bytes; a
     * later commit frees the old copies once they are past the retention time); while the file is less than
     * {@value #FILE_FILL_RATE} % used (freed holes too small for new chunks), chunks are moved into the holes near its
     * start and the file is cut after the last one. Whether it rewrote or moved any.
     * <p>
     * H2's public {@code MVStore.compact} is not used: it picks chunks however full they are, so each round rewrote
     * its limit of live data, and those copies, kept for the retention time, grew the file with the database.
     */
    static boolean compact(MVStore store) throws ReflectiveOperationException {
        // a positive write delay runs H2's own housekeeping thread (and its serialization executor, which these steps
        // must not run beside): nothing to do then
        if (store == null || store.isClosed() || store.isReadOnly() || store.getAutoCommitDelay() > 0) {
            return false;
        }
        FileStore<?> file = store.getFileStore();
        if (file == null) {
            return false;
        }
        boolean rewrote = false;
        if ((Integer) H2.REWRITABLE_FILL_RATE.invoke(file) < TARGET_FILL_RATE) {
            // as H2's housekeeping: under the store lock (given up after 10 ms, when a commit holds it), never nested
            java.util.concurrent.Callable<Boolean> rewrite = () -> (Boolean) H2.REWRITE_CHUNKS.invoke(file, WRITE_LIMIT, TARGET_FILL_RATE);
            rewrote = Boolean.TRUE.equals(H2.UNDER_STORE_LOCK.invoke(store, rewrite));
        }
        boolean moved = false;
        if (file instanceof RandomAccessStore spaces && spaces.getFillRate() < FILE_FILL_RATE && (Boolean) H2.FRAGMENTED.invoke(spaces)) {
            long size = spaces.size();
            spaces.compactMoveChunks(FILE_FILL_RATE, WRITE_LIMIT, store);
            moved = spaces.size() < size;
        }
        return rewrote || moved;
    }

    /** H2's own housekeeping steps, which it does not make public (looked up once; a later H2 may move them). */
    private static final class H2 {
        static final Method REWRITABLE_FILL_RATE = method(FileStore.class, "getRewritableChunksFillRate");
        static final Method REWRITE_CHUNKS = method(FileStore.class, "rewriteChunks", int.class, int.class);
        static final Method FRAGMENTED = method(RandomAccessStore.class, "isFragmented");
        static final Method UNDER_STORE_LOCK = method(MVStore.class, "tryExecuteUnderStoreLock", java.util.concurrent.Callable.class);

        private static Method method(Class<?> owner, String name, Class<?>... parameters) {
            try {
                Method m = owner.getDeclaredMethod(name, parameters);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("this H2 has no " + owner.getSimpleName() + "." + name, e);
            }
        }
    }

    /** The store of an embedded H2 connection: session, database, store, as H2 itself goes (those types are internal). */
    static MVStore store(Connection c) throws Exception {
        Object session = JdbcConnection.class.getMethod("getSession").invoke(c.unwrap(JdbcConnection.class));
        Object database = session.getClass().getMethod("getDatabase").invoke(session);
        Object store = database.getClass().getMethod("getStore").invoke(database);
        return (MVStore) store.getClass().getMethod("getMvStore").invoke(store);
    }
}
