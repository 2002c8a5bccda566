package io.seatline.telephony.internal.acd;

import static org.junit.Assert.assertEquals;

import io.seatline.telephony.FloorSample;
import io.seatline.telephony.QueueStats;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class FloorHistoryTest {

    @Test
    public void sumsTheQueuesAndCountsAnAgentOfSeveralQueuesOnce() {
        FloorSample s = FloorHistory.sum(Instant.EPOCH, List.of(
            new QueueStats("sales", 3, 40, 2, 5, 1, 100, 90, 10, 80),
            new QueueStats("support", 1, 75, 2, 4, 0, 20, 18, 2, 17)));
        assertEquals(4, s.waiting());
        assertEquals(75, s.longestWaitSeconds());
        assertEquals(120, s.offered());
        assertEquals(108, s.answered());
        assertEquals(12, s.abandoned());
        assertEquals(97, s.answeredWithinServiceLevel());
        assertEquals("the same two ready agents serve both queues", 2, s.agentsReady());
        assertEquals(5, s.agentsBusy());
    }

    @Test
    public void keepsTheLastFourHoursPerTenantOldestFirst() {
        FloorHistory h = new FloorHistory();
        for (int i = 0; i < FloorHistory.KEPT + 20; i++) {
            h.add("acme", new FloorSample(Instant.ofEpochSecond(i * 30L), i, 0, 0, 0, 0, 0, 0, 0));
        }
        h.add("globex", new FloorSample(Instant.EPOCH, 7, 0, 0, 0, 0, 0, 0, 0));
        List<FloorSample> acme = h.of("acme");
        assertEquals(FloorHistory.KEPT, acme.size());
        assertEquals(20, acme.get(0).waiting());
        assertEquals(FloorHistory.KEPT + 19, acme.get(acme.size() - 1).waiting());
        assertEquals(1, h.of("globex").size());
        assertEquals(0, h.of("initech").size());
    }
}
