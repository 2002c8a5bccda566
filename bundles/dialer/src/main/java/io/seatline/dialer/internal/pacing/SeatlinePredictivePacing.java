package io.seatline.dialer.internal.pacing;

import io.seatline.dialer.PacingState;
import io.seatline.dialer.PacingStrategy;

/**
 * Seatline's predictive pacing: as many calls in flight as the abandon budget allows.
 *
 * <p>Over the next mean ring time the calls in flight bring a Poisson number of live answers A with mean
 * {@code R × p × q} (q: the share of ringing calls that resolve within that time), and {@code F = ready +
 * expectedFreeing} agents are free to take them. The expected abandons are {@code E[(A − F)+]}. The strategy
 * keeps the largest R whose expected abandons are at most {@code budget × E[A]}, and launches {@code R − ringing}.
 * The budget starts at the abandon target and is steered once a second by the realised abandon rate of the window
 * against a set point a little under the target, so the window's rate ends at or under it. Until the estimates
 * exist it dials 1:1 (progressive).
 */
public final class SeatlinePredictivePacing implements PacingStrategy {
    /** the abandon rate aimed at, as a share of the target */
    private static final double SET_POINT = 0.85;
    private static final double Q = 1 - Math.exp(-1.0);
    /** the budget as a multiple of the target */
    private double m = 0.3;

    @Override
    public int callsToLaunch(PacingState s) {
        if (s.agentsLoggedIn() == 0) {
            return 0;
        }
        if (!s.estimatesReady() || s.liveAnswerRate() <= 0) {
            return Math.max(0, s.agentsReady() - s.callsRinging());
        }
        steer(s);
        double budget = s.abandonTarget() * m;
        double free = s.agentsReady() + s.expectedFreeing();
        double perCall = s.liveAnswerRate() * Q;
        int limit = (int) Math.ceil(4 * s.agentsLoggedIn() / s.liveAnswerRate());
        // never fewer calls in flight than ready agents (progressive, which cannot abandon, is the floor)
        int r = Math.max(s.callsRinging(), s.agentsReady());
        while (r < limit && expectedAbandonShare((r + 1) * perCall, free) <= budget) {
            r++;
        }
        return Math.max(0, r - s.callsRinging());
    }

    /** E[(A − F)+] / E[A] for A ~ Poisson(lambda) and F free agents (F may be fractional: interpolated). */
    public static double expectedAbandonShare(double lambda, double free) {
        if (lambda <= 0) {
            return 0;
        }
        int f = (int) Math.floor(free);
        double frac = free - f;
        double low = excess(lambda, f);
        double high = excess(lambda, f + 1);
        return (low * (1 - frac) + high * frac) / lambda;
    }

    /** E[(A − f)+] for A ~ Poisson(lambda) = lambda − f + E[(f − A)+]. */
    private static double excess(double lambda, int f) {
        double pmf = Math.exp(-lambda);
        double shortfall = 0;
        for (int a = 0; a < f; a++) {
            shortfall += (f - a) * pmf;
            pmf *= lambda / (a + 1);
        }
        return lambda - f + shortfall;
    }

    private void steer(PacingState s) {
        double setPoint = s.abandonTarget() * SET_POINT;
        double weight = Math.min(1.0, s.answered() / 300.0); // with few answers the rate says little
        double error = (setPoint - s.abandonRate()) / Math.max(setPoint, 1e-6);
        m *= Math.exp(0.003 * weight * Math.max(-3, Math.min(1, error)));
        m = Math.max(0.005, Math.min(10, m));
    }

    double aggressiveness() {
        return m;
    }
}
