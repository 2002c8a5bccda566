package io.seatline.telephony.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.Test;

public class IdsTest {
    @Test
    public void idsAreUuidsOrderedByTimeAndUnique() throws Exception {
        String first = Ids.next();
        UUID parsed = UUID.fromString(first);
        assertEquals(7, parsed.version());
        assertEquals(2, parsed.variant());
        assertEquals(first, parsed.toString());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Ids.next()));
        }
        long until = System.currentTimeMillis() + 5;
        while (System.currentTimeMillis() < until) {
            Thread.onSpinWait(); // the next id must come from a later millisecond
        }
        assertTrue(first.compareTo(Ids.next()) < 0);
    }
}
