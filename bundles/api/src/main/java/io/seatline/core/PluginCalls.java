package io.seatline.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How Seatline calls one plug-in (a service of a bundle it does not control): on the plug-in's own threads, in its own
 * thread group, each call time-boxed. A call that throws or overruns its time gives the caller's fallback; after
 * {@value #STRIKES} such calls in a row the plug-in is benched for a minute (calls give the fallback at once), and a
 * plug-in that has left more than {@link #maxThreads} threads running (threads it started in callbacks belong to its
 * group) is benched until it is registered again. Whatever a plug-in does, it costs its caller at most the time-box.
 */
public final class PluginCalls implements AutoCloseable {
    static final int STRIKES = 3;
    /** java.lang.System.Logger: this API bundle depends on nothing; Karaf routes it to its log */
    private static final System.Logger LOG = System.getLogger(PluginCalls.class.getName());
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final String name;
    private final Duration timeout;
    private final int maxThreads;
    private final ThreadGroup group;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger strikes = new AtomicInteger();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private volatile long benchedUntilNanos;
    private volatile boolean leaking;

    /**
     * @param name       the plug-in, for logs
     * @param threads    threads calling it (a thread the plug-in blocks for good stays blocked: the others go on,
     *                   and when all are blocked its calls time out and it is benched)
     * @param queue      calls that may wait for a thread; more are refused (fallback)
     * @param timeout    the time-box of one call
     * @param maxThreads threads of its group beyond which it counts as leaking
     */
    public PluginCalls(String name, int threads, int queue, Duration timeout, int maxThreads) {
        this.name = name;
        this.timeout = timeout;
        this.maxThreads = maxThreads;
        this.group = new ThreadGroup("seatline-plugin-" + GROUPS.incrementAndGet());
        group.setDaemon(false);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue), r -> {
            Thread t = new Thread(group, r, group.getName() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Calls the plug-in and waits at most the time-box; {@code fallback} when it throws, overruns or is benched. */
    public <T> T call(Callable<T> work, T fallback) {
        if (benched()) {
            return fallback;
        }
        calls.incrementAndGet();
        Run run = new Run();
        Future<T> f;
        try {
            f = pool.submit(() -> {
                run.start();
                try {
                    return work.call();
                } finally {
                    run.finish();
                }
            });
        } catch (RejectedExecutionException e) {
            strike("its queue is full");
            return fallback;
        }
        try {
            T result = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            strikes.set(0);
            return result;
        } catch (TimeoutException e) {
            f.cancel(true);
            // a run cancelled before it started never runs and holds no thread: nothing to replace
            run.overran("it did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            strike("it failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fallback;
    }

    /** Hands {@code work} to the plug-in's threads without waiting; a run that overruns the time-box is interrupted. */
    public void submit(Runnable work) {
        if (benched()) {
            return;
        }
        calls.incrementAndGet();
        try {
            pool.execute(() -> {
                Thread me = Thread.currentThread();
                Run run = new Run();
                run.start();
                // the watchdog interrupts this run only while it runs: never a later one on the same thread
                Future<?> guard = Watchdog.schedule(() -> run.overran("it did not return within " + timeout.toMillis() + " ms", me), timeout);
                try {
                    work.run();
                    strikes.set(0);
                } catch (Throwable t) {
                    if (!run.timedOut()) {
                        strike("it failed: " + t); // an overrun is counted once, by the watchdog
                    }
                } finally {
                    run.finish();
                    guard.cancel(false);
                    Thread.interrupted();
                }
            });
        } catch (RejectedExecutionException e) {
            strike("its queue is full");
        }
    }

    /**
     * One run of a plug-in call, as its time-box sees it. A run that overruns is counted as a failure and, while it still
     * holds its thread (it may ignore the interrupt), the pool gets one more thread, given back when the run returns. The
     * strike is counted before the added thread can run the next calls, and only once however the run then ends.
     */
    private final class Run {
        private boolean started;
        private boolean done;
        private boolean overran;

        synchronized void start() {
            started = true;
        }

        synchronized void finish() {
            done = true;
            if (overran) {
                resize(-1);
            }
        }

        synchronized boolean timedOut() {
            return overran;
        }

        /** The time-box has passed: counts the overrun and, if it still runs, interrupts {@code runner} and adds a thread. */
        synchronized void overran(String why, Thread runner) {
            strike(why);
            if (started && !done) {
                overran = true;
                if (runner != null) {
                    runner.interrupt();
                }
                // stuck threads stay in the group, so a plug-in that keeps blocking ends up benched as leaking
                resize(+1);
            }
        }

        void overran(String why) {
            overran(why, null);
        }
    }

    /** One more (or one fewer) thread for the plug-in's calls, while one of its runs overruns the time-box. */
    private synchronized void resize(int by) {
        int core = pool.getCorePoolSize() + by;
        if (by > 0) {
            pool.setMaximumPoolSize(core);
            pool.setCorePoolSize(core);
        } else {
            pool.setCorePoolSize(core);
            pool.setMaximumPoolSize(core);
        }
    }

    /** Calls that failed, overran or were refused. */
    public long failures() {
        return failures.get();
    }

    public long calls() {
        return calls.get();
    }

    /** Whether calls give the fallback at once now (repeated failures, or leaked threads). */
    public boolean benched() {
        if (leaking) {
            return true;
        }
        if (group.activeCount() > maxThreads) {
            leaking = true;
            LOG.log(System.Logger.Level.ERROR, "Plug-in " + name + " left " + group.activeCount() + " threads running (at most " + maxThreads
                + "): it is no longer called until it is registered again");
            return true;
        }
        return System.nanoTime() - benchedUntilNanos < 0;
    }

    private void strike(String why) {
        failures.incrementAndGet();
        int n = strikes.incrementAndGet();
        if (n >= STRIKES) {
            strikes.set(0);
            benchedUntilNanos = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            LOG.log(System.Logger.Level.WARNING, "Plug-in " + name + ": " + why + "; " + n + " failures in a row, so it is not called for a minute");
        } else {
            LOG.log(System.Logger.Level.WARNING, "Plug-in " + name + ": " + why);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One daemon timer for every plug-in's time-boxes. */
    private static final class Watchdog {
        static final java.util.concurrent.ScheduledExecutorService INSTANCE = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seatline-plugin-watchdog");
            t.setDaemon(true);
            return t;
        });

        private Watchdog() {
        }

        static Future<?> schedule(Runnable r, Duration d) {
            return INSTANCE.schedule(r, d.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
