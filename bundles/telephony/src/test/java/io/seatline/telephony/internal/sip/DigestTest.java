package io.seatline.telephony.internal.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.Test;

public class DigestTest {
    @Test
    public void noncesIssuedAtOnceAreAllDifferentAndFresh() throws Exception {
        Digest d = new Digest(60_000);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int each = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < each; j++) {
                    seen.add(d.nonce());
                }
            });
            ts[i].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        // many of these were issued in the same millisecond; every one is unique
        assertEquals(threads * each, seen.size());
        for (String n : seen) {
            assertTrue(n, d.fresh(n));
        }
    }

    @Test
    public void forgedExpiredOrForeignNoncesAreNotFresh() {
        Digest d = new Digest(60_000);
        String n = d.nonce();
        String time = n.substring(0, n.indexOf('-'));
        String forged = Long.toString(Long.parseLong(time, 36) + 1, 36) + n.substring(n.indexOf('-'));
        assertFalse(d.fresh(forged));
        assertFalse(new Digest(60_000).fresh(n)); // another node's secret
        assertFalse(d.fresh(null));
        assertFalse(d.fresh("abc"));
        Digest expired = new Digest(-1);
        assertFalse(expired.fresh(expired.nonce()));
    }
}
