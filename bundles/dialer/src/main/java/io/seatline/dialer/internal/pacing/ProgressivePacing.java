package io.seatline.dialer.internal.pacing;

import io.seatline.dialer.PacingState;
import io.seatline.dialer.PacingStrategy;

/** One call per ready agent: never abandons, but agents wait through every unanswered ring. */
public final class ProgressivePacing implements PacingStrategy {
    @Override
    public int callsToLaunch(PacingState s) {
        return Math.max(0, s.agentsReady() - s.callsRinging());
    }
}
