package io.seatline.dialer.internal.pacing;

import io.seatline.dialer.PacingState;
import io.seatline.dialer.PacingStrategy;

/**
 * A feedback dialer in the style of VICIdial's adaptive mode, written from its description: the dial level (lines
 * per active agent) is adjusted every {@code adaptSeconds} by {@code level × (1 + (ready − waiting + target) /
 * agents)} scaled by an intensity, between 1 and {@code maxLevel}, and cut when the drop rate exceeds the limit.
 * Calls launched: {@code level × agents} lines minus the calls in progress (ringing and talking).
 */
public final class AdaptiveFeedbackPacing implements PacingStrategy {
    private final double intensity;
    private final double maxLevel;
    private final int adaptSeconds;
    private final double target;
    private double level = 1.0;
    private double lastAdapt = -1;

    public AdaptiveFeedbackPacing() {
        this(1.0, 4.0, 15, 0);
    }

    public AdaptiveFeedbackPacing(double intensity, double maxLevel, int adaptSeconds, double target) {
        this.intensity = intensity;
        this.maxLevel = maxLevel;
        this.adaptSeconds = adaptSeconds;
        this.target = target;
    }

    @Override
    public int callsToLaunch(PacingState s) {
        if (s.agentsLoggedIn() == 0) {
            return 0;
        }
        if (lastAdapt < 0 || s.nowSeconds() - lastAdapt >= adaptSeconds) {
            lastAdapt = s.nowSeconds();
            if (s.answered() >= 20 && s.abandonRate() > s.abandonTarget()) {
                level = Math.max(1.0, level * 0.8); // over the drop limit: cut
            } else {
                int waiting = 0; // answered calls waiting for an agent: none here, they are dropped at once
                level *= 1 + intensity * (s.agentsReady() - waiting + target) / s.agentsLoggedIn();
                level = Math.max(1.0, Math.min(maxLevel, level));
            }
        }
        int lines = (int) Math.floor(level * s.agentsLoggedIn());
        return Math.max(0, lines - s.callsRinging() - s.agentsTalking());
    }

    double level() {
        return level;
    }
}
