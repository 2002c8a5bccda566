package io.seatline.telephony;

import java.time.Instant;

/**
 * The tenant's floor at one moment, summed over its queues (today's counts since midnight in the tenant's zone):
 * what the big screen charts over the last hours.
 */
public record FloorSample(Instant at, int waiting, long longestWaitSeconds, long offered, long answered, long abandoned,
                          long answeredWithinServiceLevel, int agentsReady, int agentsBusy) {
}
