package io.seatline.telephony.internal.acd;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tenant's ACD and call work one task at a time on a shared pool. Serialising per tenant means a
 * BYE, a 200 OK and a routing decision of the same tenant never race, without locks; tenants run in parallel.
 */
public final class Actor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Actor.class);
    private final Executor pool;
    private record Task(Runnable work, long enqueuedNanos) {
    }

    private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
    /** smoothed time tasks wait before they run (ns): the overload signal that follows CPU starvation */
    private volatile long delayNanos;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** shared by all tenants: the node's total backlog, the overload signal */
    private final AtomicInteger backlog;
    private final String name;

    public Actor(String name, Executor pool, AtomicInteger backlog) {
        this.name = name;
        this.pool = pool;
        this.backlog = backlog;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(task, System.nanoTime()));
        backlog.incrementAndGet();
        schedule();
    }

    /**
     * Queueing delay of this actor's tasks in milliseconds, the overload signal: the smaller of the smoothed delay and
     * the age of the oldest task waiting now. Both must be high — delay that lasts and is still there — so a burst
     * already drained does not keep refusing calls (the smoothed value decays only as tasks run, and would otherwise
     * be read again the moment the next task arrives), nor does a single slow task.
     */
    public long delayMillis() {
        Task head = tasks.peek();
        if (head == null) {
            return 0;
        }
        return Math.min(delayNanos, System.nanoTime() - head.enqueuedNanos()) / 1_000_000;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (int n = 0; n < 256; n++) {
                Task task = tasks.poll();
                if (task == null) {
                    break;
                }
                long waited = System.nanoTime() - task.enqueuedNanos();
                delayNanos += (waited - delayNanos) >> 3; // EWMA, 1/8 weight
                try {
                    task.work().run();
                } catch (RuntimeException | Error e) {
                    LOG.error("Telephony task of {} failed: {}", name, e.toString(), e);
                } finally {
                    backlog.decrementAndGet();
                }
            }
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
