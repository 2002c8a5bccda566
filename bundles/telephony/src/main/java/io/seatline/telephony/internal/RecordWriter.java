package io.seatline.telephony.internal;

import io.seatline.core.CallContext;
import io.seatline.core.TenantContext;
import io.seatline.persistence.Jpa;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes CDRs and agent state transitions off the signalling path, many per transaction, in the order they were
 * submitted. {@code after} runs once the row is committed: a call's resources are released only then, so no call
 * ends without its CDR. A failed batch is retried item by item until it commits.
 */
public final class RecordWriter {
    /**
     * A record to write. {@code call}: the call whose journal row it writes ({@code note}) or removes with the CDR
     * ({@code !note}), or null.
     */
    record Item(Consumer<EntityManager> work, Runnable after, String call, boolean note) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);
    private static final CallContext SYSTEM = CallContext.operator("telephony");

    private final Jpa jpa;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** records given up (refused by the database 20 times, or not written at a stop) */
    private final java.util.concurrent.atomic.AtomicLong givenUp = new java.util.concurrent.atomic.AtomicLong();
    /** records beyond which new calls are refused (503): during a database outage records wait in memory */
    public static final int MAX_PENDING = 200_000;

    RecordWriter(Jpa jpa) {
        this.jpa = jpa;
        thread = new Thread(this::loop, "seatline-telephony-writer");
        thread.setDaemon(true);
        thread.start();
    }

    public void submit(Consumer<EntityManager> work, Runnable after) {
        queue.add(new Item(work, after, null, false));
    }

    /**
     * Writes the journal row of {@code callId} (see {@code CallJournal}). A later journal write of the same call, or its
     * CDR, in the same transaction makes this one needless: it is left out (a short call's row is then never written).
     */
    public void submitJournal(String callId, Consumer<EntityManager> work) {
        queue.add(new Item(work, null, callId, true));
    }

    /** Writes the CDR of {@code callId}, which also ends its journal row. */
    public void submitCdr(String callId, Consumer<EntityManager> work, Runnable after) {
        queue.add(new Item(work, after, callId, false));
    }

    /** work the records of the transaction under way left for its end (writer thread only) */
    private final List<Consumer<EntityManager>> tail = new ArrayList<>();

    /**
     * From a record's work, on the writer's thread: {@code work} runs at the end of the same transaction, after every
     * record of it (and the flush of their rows). For statements by id on rows an earlier record may have written:
     * run per record, each would flush the batch first; read-then-write costs a read per row.
     */
    public void atEnd(Consumer<EntityManager> work) {
        if (Thread.currentThread() != thread && thread.isAlive()) {
            throw new IllegalStateException("atEnd is for the writer's own records");
        }
        tail.add(work);
    }

    public int pending() {
        return queue.size();
    }

    /** Whether every record submitted was written (none given up, none left): a stop after which nothing needs recovery. */
    boolean allWritten() {
        return givenUp.get() == 0 && queue.isEmpty();
    }

    /** Writes what is queued, then stops; never writes from two threads at once. */
    void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.error("The telephony writer is still busy after 30 s; {} records are not written (the next start recovers the calls)", queue.size());
            return;
        }
        List<Item> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    private void loop() {
        List<Item> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Item first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            }
        }
    }

    /**
     * Group commit: what came with the first record, and what comes within {@link #LINGER_NANOS} of it, goes in one
     * transaction (up to {@link #BATCH} records). Each commit writes its pages to the file (durable commits), so a few
     * large transactions cost far less than many small ones; a call is released at most a few milliseconds later.
     */
    private void gather(List<Item> batch) {
        queue.drainTo(batch, BATCH - batch.size());
        long until = System.nanoTime() + LINGER_NANOS;
        while (batch.size() < BATCH && running) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Item next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // a stop: the records already taken are written now (close() writes only what is still queued)
                break;
            }
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, BATCH - batch.size());
        }
        coalesce(batch);
        commits.incrementAndGet();
        records.addAndGet(batch.size());
    }

    /** Leaves out the journal writes that a later record of the same call in the batch supersedes (same final rows). */
    static void coalesce(List<Item> batch) {
        java.util.Set<String> later = null;
        boolean dropped = false;
        for (int i = batch.size() - 1; i >= 0; i--) {
            Item item = batch.get(i);
            if (item.call == null) {
                continue;
            }
            if (later == null) {
                later = new java.util.HashSet<>();
            }
            if (!later.add(item.call) && item.note) {
                batch.set(i, null);
                dropped = true;
            }
        }
        if (dropped) {
            batch.removeIf(java.util.Objects::isNull);
        }
    }

    /** records in one transaction at most */
    private static final int BATCH = 500;
    /** how long a transaction waits for more records after its first */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();

    /** Transactions written since the start. */
    public long commits() {
        return commits.get();
    }

    /** Records written since the start. */
    public long records() {
        return records.get();
    }

    private void write(List<Item> batch) {
        try {
            commit(batch);
            batch.forEach(RecordWriter::after);
            return;
        } catch (RuntimeException e) {
            LOG.warn("Writing {} telephony records failed ({}); retrying one by one", batch.size(), e.toString());
        }
        for (Item item : batch) {
            for (int attempt = 1; ; attempt++) {
                try {
                    commit(List.of(item));
                    after(item);
                    break;
                } catch (RuntimeException e) {
                    LOG.error("Writing a telephony record failed (attempt {}): {}", attempt, e.toString());
                    if (attempt >= 20 || !running && attempt >= 3) {
                        LOG.error("Giving up on a telephony record after {} attempts", attempt, e);
                        givenUp.incrementAndGet();
                        after(item);
                        break;
                    }
                    pause(Math.min(5000, 100L * attempt));
                }
            }
        }
    }

    /**
     * Commits {@code items} in one transaction. While the database is unreachable (stopped, restarting) it waits and
     * tries again, however long that takes, so nothing queued is lost and the order holds: calls go on meanwhile, and
     * their CDRs are written once it is back. Other failures (a row the database refuses) are thrown.
     */
    private void commit(List<Item> items) {
        long since = 0;
        for (int outage = 0; ; outage++) {
            boolean uncertain = outage > 0;
            try {
                TenantContext.run(SYSTEM, () -> jpa.operator(em -> {
                    tail.clear();
                    items.forEach(i -> i.work.accept(em));
                    for (int i = 0; i < tail.size(); i++) {
                        tail.get(i).accept(em);
                    }
                    tail.clear();
                    return null;
                }));
                back(since, items);
                return;
            } catch (RuntimeException e) {
                if (uncertain && duplicate(e)) {
                    // the connection broke while the commit was under way, and it did go through: the rows are there
                    LOG.warn("The {} telephony records that waited were committed before the connection broke; not written twice", items.size());
                    back(since, items);
                    return;
                }
                if (!io.seatline.core.UnavailableException.databaseUnreachable(e) || !running) {
                    throw e;
                }
                if (since == 0) {
                    since = System.nanoTime();
                    LOG.warn("The database is unreachable ({}): telephony records wait in memory ({} now) and are written when it is back",
                        e.toString(), items.size() + queue.size());
                } else if (outage % 30 == 0) {
                    LOG.warn("The database is still unreachable after {} s; {} telephony records wait", (System.nanoTime() - since) / 1_000_000_000,
                        items.size() + queue.size());
                }
                pause(Math.min(2000, 100L * (outage + 1)));
            }
        }
    }

    /**
     * Says that the database answers again after an outage that began at {@code since} (nanoTime; 0: there was none) —
     * also when the batch that waited through it had in fact been committed as the connection broke.
     */
    private void back(long since, List<Item> items) {
        if (since != 0) {
            LOG.warn("The database is back after {} s: the {} telephony records that waited are written", (System.nanoTime() - since) / 1_000_000_000,
                items.size() + queue.size());
        }
    }

    /** A primary-key or unique violation (SQLState class 23) anywhere in the causes. */
    private static boolean duplicate(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void after(Item item) {
        if (item.after != null) {
            try {
                item.after.run();
            } catch (RuntimeException e) {
                LOG.warn("after-write action failed: {}", e.toString());
            }
        }
    }
}
