package io.seatline.telephony;

/** Live figures of one queue; counters are since the node started (history is in the CDRs). */
public record QueueStats(String queue, int waiting, long longestWaitSeconds, int agentsReady, int agentsBusy,
                         int agentsNotReady, long offered, long answered, long abandoned, long answeredWithinServiceLevel) {
}
