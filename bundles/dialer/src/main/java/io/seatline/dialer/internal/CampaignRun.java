package io.seatline.dialer.internal;

import io.seatline.dialer.CampaignSpec;
import io.seatline.dialer.PacingState;
import io.seatline.dialer.PacingStrategy;
import io.seatline.dialer.internal.list.DialRules;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live state of one running campaign: its pacing strategy, the running estimates (the same ones the simulator
 * keeps), the calls in flight, the abandon accounting of its window and the agents' time.
 */
final class CampaignRun {
    final String tenantId;
    final String id;
    volatile CampaignSpec spec;
    volatile DialRules.Policy policy;
    final PacingStrategy strategy;
    final Instant since;
    volatile String status;
    volatile String waiting;

    /** attempt id → attempt in flight */
    final Map<String, Flight> flights = new ConcurrentHashMap<>();
    volatile Set<String> agents = Set.of();
    volatile Instant agentsResolvedAt = Instant.EPOCH;
    /** the queue's after-call work, part of the handle time */
    volatile int wrapUpSeconds;

    // counters since start
    long dialled;
    long answered;
    long abandoned;
    long connected;
    // estimates (as in the simulator: cumulative)
    long outcomes;
    long lives;
    double ringSum;
    long handled;
    double handleSum;
    // abandon window: counts from the database plus what happened since they were read
    long windowAnsweredBase;
    long windowAbandonedBase;
    long windowAnsweredDelta;
    long windowAbandonedDelta;
    Instant windowReadAt = Instant.EPOCH;
    // agent time
    double loggedSeconds;
    double busySeconds;
    int lastLoggedIn;
    int lastReady;
    int lastBusy;
    long remaining = -1;
    Instant remainingAt = Instant.EPOCH;

    /** A dialled call until it ends. */
    static final class Flight {
        final String attemptId;
        final String contactId;
        final Instant dialledAt;
        volatile String callId;
        volatile Instant answeredAt;
        volatile Instant connectedAt;
        volatile String agentUserId;
        volatile boolean abandoned;

        Flight(String attemptId, String contactId, Instant dialledAt) {
            this.attemptId = attemptId;
            this.contactId = contactId;
            this.dialledAt = dialledAt;
        }
    }

    CampaignRun(String tenantId, String id, CampaignSpec spec, DialRules.Policy policy, PacingStrategy strategy, Instant since) {
        this.tenantId = tenantId;
        this.id = id;
        this.spec = spec;
        this.policy = policy;
        this.strategy = strategy;
        this.since = since;
    }

    /** A call just dialled: followed until it ends, and counted. */
    synchronized Flight track(Flight f) {
        flights.put(f.attemptId, f);
        dialled++;
        return f;
    }

    synchronized void ringEnded(double ringSeconds, boolean live) {
        outcomes++;
        ringSum += ringSeconds;
        if (live) {
            lives++;
            answered++;
            windowAnsweredDelta++;
        }
    }

    synchronized void abandonedCall() {
        abandoned++;
        windowAbandonedDelta++;
    }

    synchronized void handledCall(double seconds) {
        handled++;
        handleSum += seconds;
    }

    synchronized boolean estimatesReady() {
        return outcomes >= 50 && lives >= 10 && handled >= 10;
    }

    synchronized double liveRate() {
        return outcomes == 0 ? 0 : (double) lives / outcomes;
    }

    synchronized double meanRing() {
        return outcomes == 0 ? spec.ringTimeoutSeconds() / 2.0 : ringSum / outcomes;
    }

    synchronized double meanHandle() {
        return handled == 0 ? 120 : handleSum / handled;
    }

    synchronized long windowAnswered() {
        return windowAnsweredBase + windowAnsweredDelta;
    }

    synchronized long windowAbandoned() {
        return windowAbandonedBase + windowAbandonedDelta;
    }

    synchronized void windowRead(long answeredCount, long abandonedCount, Instant at) {
        windowAnsweredBase = answeredCount;
        windowAbandonedBase = abandonedCount;
        windowAnsweredDelta = 0;
        windowAbandonedDelta = 0;
        windowReadAt = at;
    }

    int ringing() {
        int n = 0;
        for (Flight f : flights.values()) {
            if (f.answeredAt == null) {
                n++;
            }
        }
        return n;
    }

    /** The state the pacing strategy sees, filled like the simulator fills it. */
    synchronized PacingState state(Instant now, int loggedIn, int ready, int busy, int talking) {
        double meanRing = meanRing();
        double meanHandle = meanHandle();
        double freeing = busy * (1 - Math.exp(-meanRing / meanHandle));
        double target = spec.abandonTargetPercent().doubleValue() / 100.0;
        return new PacingState((now.toEpochMilli() - since.toEpochMilli()) / 1000.0, loggedIn, ready, busy, talking, freeing, ringing(),
            liveRate(), meanRing, meanHandle, estimatesReady(), windowAnswered(), windowAbandoned(), target);
    }

    synchronized void agentSeconds(int loggedIn, int ready, int busy, double seconds) {
        loggedSeconds += loggedIn * seconds;
        busySeconds += busy * seconds;
        lastLoggedIn = loggedIn;
        lastReady = ready;
        lastBusy = busy;
    }

    synchronized double occupancy() {
        return loggedSeconds == 0 ? 0 : busySeconds / loggedSeconds;
    }
}
