package io.seatline.reports;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The agents' performance scorecard (绩效考核) of the tenant in context, month by month: each agent's KPIs (AHT, calls
 * per hour, CSAT), QA score and schedule adherence, each scored 0-100 against the company's target and weighted by the
 * company's weights into one score, ranked. A measure an agent has no data for (no call surveyed, no evaluation, no
 * shift) is left out and the other weights count in its place. Permissions: {@code reports:read} (everyone), {@code
 * reports:self} (an agent: their own row), {@code reports:manage} (weights and targets).
 */
public interface ScorecardService {

    /** The measures, and whether more is better. */
    enum Measure {
        ADHERENCE(true), QA_SCORE(true), CSAT(true), AHT(false), CALLS_PER_HOUR(true);

        public final boolean higherIsBetter;

        Measure(boolean higherIsBetter) {
            this.higherIsBetter = higherIsBetter;
        }
    }

    /** Each measure's weight (whole points, summing to 100) and target (adherence 0-1, QA 0-100, CSAT 1-5, AHT seconds, calls an hour). */
    record Weights(Map<Measure, Integer> weights, Map<Measure, BigDecimal> targets) {
    }

    Weights weights();

    /**
     * Replaces the weights and targets. Audited.
     *
     * @throws io.seatline.core.ValidationException weights that are negative or do not sum to 100 ({@code weights}), a
     *         target that is not positive or out of its measure's range ({@code targets})
     */
    Weights saveWeights(Weights weights);

    /**
     * The month's scorecard, of one team or all (an agent with {@code reports:self} only: their own row).
     *
     * @throws io.seatline.core.ValidationException a month before 2000 or after the current one ({@code month}), an unknown
     *         team ({@code team})
     */
    Scorecard scorecard(YearMonth month, String team);

    /** A measure of an agent: its value (null: no data), its points (value against target, 0-100). */
    record Score(BigDecimal value, BigDecimal points) {
    }

    /** An agent's row: each measure's score, the weighted total (0-100, null when no measure has data) and rank (1 = best). */
    record Row(String agentUserId, String agentName, String teamId, Map<Measure, Score> scores, BigDecimal total, Integer rank) {
    }

    /** {@code month} as yyyy-MM; the days it covers (the current month: up to today). */
    record Scorecard(String month, java.time.LocalDate from, java.time.LocalDate to, Weights weights, List<Row> rows) {
    }
}
