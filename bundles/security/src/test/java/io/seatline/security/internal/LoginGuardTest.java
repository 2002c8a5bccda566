package io.seatline.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.seatline.core.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class LoginGuardTest {
    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    public void oneAddressIsThrottledPerLoginButOnlyManyAddressesCountTowardsTheLock() {
        MutableClock clock = new MutableClock();
        LoginGuard g = new LoginGuard(clock, 100, Duration.ofSeconds(60));
        g.configurePair(5, Duration.ofMinutes(15));
        int counted = 0;
        for (int i = 1; i <= 5; i++) {
            g.checkPair("victim@acme", "10.0.0.1");
            assertEquals(i, g.pairFailed("victim@acme", "10.0.0.1"));
            counted += g.countsTowardsLock("victim@acme", "10.0.0.1") ? 1 : 0;
        }
        assertEquals("one address adds one failure towards the lock, however often it fails", 1, counted);
        try {
            g.checkPair("VICTIM@acme", "10.0.0.1");
            fail("the sixth attempt from that address is throttled");
        } catch (TooManyRequestsException e) {
            assertEquals("too_many_attempts", e.code());
            assertTrue(String.valueOf(e.retryAfterSeconds()), e.retryAfterSeconds() > 890 && e.retryAfterSeconds() <= 901);
        }
        g.checkPair("victim@acme", "10.0.0.2"); // the victim elsewhere is not affected
        g.checkPair("other@acme", "10.0.0.1"); // nor another login from that address
        for (int a = 2; a <= 5; a++) {
            assertTrue(g.countsTowardsLock("victim@acme", "10.0.0." + a));
        }
        g.succeeded("victim@acme");
        assertTrue("after a success every address counts again", g.countsTowardsLock("victim@acme", "10.0.0.1"));
        assertTrue("without an address (the console) every failure counts", g.countsTowardsLock("victim@acme", null));
        assertTrue(g.countsTowardsLock("victim@acme", null));
        clock.now = clock.now.plus(Duration.ofMinutes(15)).plusSeconds(1);
        g.checkPair("victim@acme", "10.0.0.1"); // the throttle ended
    }

    @Test
    public void ipv6ClientsCountByTheirSlash64AndCaseDoesNotMakeANewLogin() {
        assertEquals("2001:0db8:0001:0002::/64", LoginGuard.network("2001:db8:1:2::1"));
        assertEquals(LoginGuard.network("2001:db8:1:2:aaaa:bbbb:cccc:1"), LoginGuard.network("2001:db8:1:2:ffff::9"));
        assertEquals("10.0.0.1", LoginGuard.network("10.0.0.1"));
        MutableClock clock = new MutableClock();
        LoginGuard g = new LoginGuard(clock, 100, Duration.ofSeconds(60));
        g.configurePair(2, Duration.ofMinutes(15));
        g.pairFailed("Victim@acme", "2001:db8:1:2::1");
        g.pairFailed("VICTIM@acme", "2001:db8:1:2::2");
        try {
            g.checkPair("victim@acme", "2001:db8:1:2::3");
            fail("one /64, one login: throttled");
        } catch (TooManyRequestsException e) {
            assertEquals("too_many_attempts", e.code());
        }
        assertTrue(g.countsTowardsLock("victim@acme", "2001:db8:1:2::1"));
        assertFalse("the same /64 counts once towards the lock", g.countsTowardsLock("VICTIM@acme", "2001:db8:1:2::7"));
    }

    @Test
    public void anAddressThatUsedItsFailuresGets429WithRetryAfterUntilTheWindowEnds() {
        MutableClock clock = new MutableClock();
        LoginGuard g = new LoginGuard(clock, 3, Duration.ofSeconds(60));
        for (int i = 0; i < 3; i++) {
            g.checkAddress("10.0.0.1");
            g.addressFailed("10.0.0.1");
        }
        try {
            g.checkAddress("10.0.0.1");
            fail("the fourth attempt is throttled");
        } catch (TooManyRequestsException e) {
            assertEquals(429, e.httpStatus());
            assertEquals("too_many_attempts", e.code());
            assertTrue(String.valueOf(e.retryAfterSeconds()), e.retryAfterSeconds() > 0 && e.retryAfterSeconds() <= 61);
        }
        g.checkAddress("10.0.0.2"); // another address is not affected
        clock.now = clock.now.plusSeconds(61);
        g.checkAddress("10.0.0.1"); // the window ended
    }

    @Test
    public void unknownNamesLockLikeAccounts() {
        LoginGuard g = new LoginGuard(new MutableClock(), 100, Duration.ofSeconds(60));
        for (int i = 0; i < 4; i++) {
            assertNull(g.unknownFailed("ghost@acme", 5, Duration.ofMinutes(15)));
        }
        assertNotNull(g.unknownFailed("ghost@acme", 5, Duration.ofMinutes(15)));
        assertNotNull(g.unknownLockedUntil("GHOST@acme"));
        assertNull(g.unknownLockedUntil("other@acme"));
    }

    @Test
    public void verifiedCredentialsAreBoundToThePasswordAndItsStoredHash() {
        MutableClock clock = new MutableClock();
        LoginGuard g = new LoginGuard(clock, 3, Duration.ofSeconds(60));
        g.rememberVerified("a@t", "Secret-123", "hash-1");
        assertTrue(g.isVerified("a@t", "Secret-123", "hash-1"));
        assertFalse("another password", g.isVerified("a@t", "Secret-124", "hash-1"));
        assertFalse("the password was changed", g.isVerified("a@t", "Secret-123", "hash-2"));
        clock.now = clock.now.plus(LoginGuard.VERIFIED_TTL).plusSeconds(1);
        assertFalse("expired", g.isVerified("a@t", "Secret-123", "hash-1"));
    }

    @Test
    public void slowChecksOfOneLoginRunOneAtATime() throws Exception {
        LoginGuard g = new LoginGuard(new MutableClock(), 3, Duration.ofSeconds(60));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                g.exclusive("victim@acme", () -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    long end = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // a slow hash
                    }
                    return inside.decrementAndGet();
                });
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(1, most.get());
    }
}
