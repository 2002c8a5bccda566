package io.seatline.dialer.internal.sim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.seatline.dialer.internal.pacing.AdaptiveFeedbackPacing;
import io.seatline.dialer.internal.pacing.ProgressivePacing;
import io.seatline.dialer.internal.pacing.SeatlinePredictivePacing;
import org.junit.Test;

/** The pacing simulator and the strategies it compares (exact figures: BENCHMARKS.md, PacingBenchmark). */
public class SimulatorTest {

    @Test
    public void theSameSeedGivesTheSameResultAndAnotherSeedAnother() {
        for (String name : PacingBenchmark.strategyNames()) {
            Simulator.Result a = Simulator.run(Simulator.Config.reference(20, 7), name, PacingBenchmark.strategy(name).get());
            Simulator.Result b = Simulator.run(Simulator.Config.reference(20, 7), name, PacingBenchmark.strategy(name).get());
            Simulator.Result c = Simulator.run(Simulator.Config.reference(20, 8), name, PacingBenchmark.strategy(name).get());
            assertEquals(name, a, b);
            assertNotEquals(name, a, c);
        }
    }

    @Test
    public void progressiveMatchesItsClosedFormAndNeverAbandons() {
        // an idle agent waits 20 s / 0.3 = 66.7 s for a live answer: occupancy 130 / (130 + 66.7) = 0.661
        Simulator.Result r = Simulator.run(Simulator.Config.reference(20, 3), "progressive", new ProgressivePacing());
        assertEquals(0.661, r.occupancy(), 0.02);
        assertEquals(0, r.abandoned());
    }

    @Test
    public void seatlinePredictiveMeetsTheReferenceGoalAndBeatsTheFeedbackDialer() {
        // goal: >= 0.826 occupancy (95 % of the 0.870 optimum) at <= 3 % abandon; generous tolerance here
        double occupancy = 0;
        double adaptive = 0;
        long answered = 0;
        long abandoned = 0;
        for (long seed = 1; seed <= 3; seed++) {
            Simulator.Result r = Simulator.run(Simulator.Config.reference(20, seed), "seatline", new SeatlinePredictivePacing());
            occupancy += r.occupancy() / 3;
            answered += r.answered();
            abandoned += r.abandoned();
            adaptive += Simulator.run(Simulator.Config.reference(20, seed), "adaptive", new AdaptiveFeedbackPacing()).occupancy() / 3;
        }
        double rate = (double) abandoned / answered;
        assertTrue("occupancy " + occupancy, occupancy >= 0.80);
        assertTrue("abandon rate " + rate, rate <= 0.035);
        assertTrue("seatline " + occupancy + " vs adaptive " + adaptive, occupancy > adaptive + 0.05);
    }

    @Test
    public void abandonShareOfThePoissonModel() {
        assertEquals(0, SeatlinePredictivePacing.expectedAbandonShare(0, 3), 1e-12);
        assertTrue(SeatlinePredictivePacing.expectedAbandonShare(0.5, 10) < 1e-6);
        // no agent free: every answer is abandoned
        assertEquals(1.0, SeatlinePredictivePacing.expectedAbandonShare(2.0, 0), 1e-9);
        // more calls, same agents: a larger share is abandoned
        assertTrue(SeatlinePredictivePacing.expectedAbandonShare(4, 3) > SeatlinePredictivePacing.expectedAbandonShare(2, 3));
    }
}
