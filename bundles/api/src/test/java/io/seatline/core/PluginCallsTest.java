package io.seatline.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class PluginCallsTest {
    @Test
    public void aPlugInThatThrowsOrBlocksGivesTheFallbackWithinItsTimeBoxAndIsBenchedAfterThreeInARow() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (PluginCalls calls = new PluginCalls("test", 2, 10, Duration.ofMillis(100), 20)) {
            assertEquals("ok", calls.call(() -> "ok", "fallback"));
            assertEquals("fallback", calls.call(() -> {
                throw new IllegalStateException("bad plug-in");
            }, "fallback"));
            long start = System.nanoTime();
            assertEquals("fallback", calls.call(() -> {
                release.await();
                return "late";
            }, "fallback"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue("the time-box held: " + ms + " ms", ms < 2_000);
            assertFalse("two failures: not benched yet", calls.benched());
            assertEquals("fallback", calls.call(() -> {
                throw new IllegalStateException("again");
            }, "fallback"));
            assertTrue("three in a row: benched", calls.benched());
            AtomicInteger asked = new AtomicInteger();
            assertEquals("benched: not even asked", "fallback", calls.call(() -> "x" + asked.incrementAndGet(), "fallback"));
            assertEquals(0, asked.get());
            assertEquals(3, calls.failures());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aPlugInThatLeavesThreadsRunningIsBenchedUntilRegisteredAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (PluginCalls calls = new PluginCalls("leaky", 1, 10, Duration.ofSeconds(1), 5)) {
            for (int i = 0; i < 8 && !calls.benched(); i++) {
                // each call starts a thread that never ends; it belongs to the plug-in's thread group
                calls.call(() -> {
                    new Thread(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }).start();
                    return 0;
                }, -1);
            }
            assertTrue("more than 5 threads left running: benched", calls.benched());
            assertEquals(-1, (int) calls.call(() -> 1, -1));
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aRunThatIgnoresTheInterruptKeepsItsThreadButTheNextEventsGetAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch delivered = new CountDownLatch(3);
        try (PluginCalls calls = new PluginCalls("stubborn", 1, 100, Duration.ofMillis(200), 20)) {
            calls.submit(() -> {
                // blocks and swallows every interrupt: only the release ends it
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // a stubborn plug-in
                    }
                }
            });
            for (int i = 0; i < 3; i++) {
                calls.submit(delivered::countDown);
            }
            assertTrue("the events after the stuck one were delivered on another thread",
                delivered.await(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("one overrun", 1, calls.failures());
            assertEquals("the same holds for calls that wait for an answer", "ok", calls.call(() -> {
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException ignored) {
                        // stubborn again
                    }
                }
                return "late";
            }, "ok"));
            assertEquals("and the next answer comes", "next", calls.call(() -> "next", "fallback"));
        } finally {
            release.countDown();
        }
    }
}
