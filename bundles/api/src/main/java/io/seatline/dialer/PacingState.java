package io.seatline.dialer;

/**
 * What a campaign's pacing sees once a second: its agents, its calls in flight and the running estimates. The
 * live dialer and the pacing simulator fill it the same way, so a strategy runs unchanged in both.
 *
 * @param nowSeconds          seconds since the campaign started
 * @param agentsLoggedIn      agents working the campaign (ready, talking or in wrap-up; not paused)
 * @param agentsReady         agents idle and waiting for a call
 * @param agentsBusy          agents talking or in wrap-up
 * @param agentsTalking       of those, agents on a call now
 * @param expectedFreeing     of the busy agents, how many are expected to be free within {@code meanRingSeconds}
 *                            (wrap-ups ending, calls expected to end)
 * @param callsRinging        calls dialled and not yet answered or failed
 * @param liveAnswerRate      estimate of P(a dialled call is answered by a person); 0 until known
 * @param meanRingSeconds     estimate of the time from dial to answer or failure
 * @param meanHandleSeconds   estimate of talk plus wrap-up
 * @param estimatesReady      enough outcomes were observed for the estimates to mean something
 * @param answered            live answers so far in the abandon window
 * @param abandoned           of those, answered with no agent free (abandoned) in the window
 * @param abandonTarget       the target abandon rate (0.03 for 3 %)
 */
public record PacingState(double nowSeconds, int agentsLoggedIn, int agentsReady, int agentsBusy, int agentsTalking,
                          double expectedFreeing,
                          int callsRinging, double liveAnswerRate, double meanRingSeconds, double meanHandleSeconds,
                          boolean estimatesReady, long answered, long abandoned, double abandonTarget) {

    /** The realised abandon rate in the window (0 before any answer). */
    public double abandonRate() {
        return answered == 0 ? 0 : (double) abandoned / answered;
    }
}
