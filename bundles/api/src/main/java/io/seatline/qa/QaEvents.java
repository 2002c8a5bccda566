package io.seatline.qa;

/**
 * EventAdmin topics of QA (exported by the Camel event route like every Seatline event). Events carry
 * {@code tenant.id}, and {@code evaluation.id}, {@code agent.user.id}, {@code call.id}, {@code score} or {@code coaching.id},
 * {@code assignee.user.id}, {@code due}, {@code coaching.topic}.
 */
public final class QaEvents {
    /** An evaluation was submitted: the agent can see it. */
    public static final String SUBMITTED = "io/seatline/qa/evaluation/SUBMITTED";
    /** An agent disputed an evaluation: it waits for a reviewer. */
    public static final String DISPUTED = "io/seatline/qa/evaluation/DISPUTED";
    /** A reviewer upheld or amended a disputed evaluation. */
    public static final String REVIEWED = "io/seatline/qa/evaluation/REVIEWED";
    /** A coaching task reached its due date and is not done. */
    public static final String COACHING_DUE = "io/seatline/qa/coaching/DUE";

    private QaEvents() {}
}
