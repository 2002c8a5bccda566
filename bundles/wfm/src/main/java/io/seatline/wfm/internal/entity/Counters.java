package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.wfm.Totals;
import javax.persistence.Column;
import javax.persistence.MappedSuperclass;

/** The additive counters of {@link Totals} as columns: an interval's, a day's, or one call's part in them. */
@MappedSuperclass
public abstract class Counters extends TenantOwned {
    @Column(name = "offered", nullable = false)
    public long offered;
    @Column(name = "answered", nullable = false)
    public long answered;
    @Column(name = "answered_in_target", nullable = false)
    public long answeredInTarget;
    @Column(name = "abandoned", nullable = false)
    public long abandoned;
    @Column(name = "short_abandoned", nullable = false)
    public long shortAbandoned;
    @Column(name = "abandoned_in_target", nullable = false)
    public long abandonedInTarget;
    @Column(name = "wait_ms", nullable = false)
    public long waitMs;
    @Column(name = "max_wait_ms", nullable = false)
    public long maxWaitMs;
    @Column(name = "talk_ms", nullable = false)
    public long talkMs;
    @Column(name = "hold_ms", nullable = false)
    public long holdMs;
    @Column(name = "wrap_ms", nullable = false)
    public long wrapMs;
    @Column(name = "transferred", nullable = false)
    public long transferred;
    @Column(name = "surveyed", nullable = false)
    public long surveyed;
    @Column(name = "csat_sum", nullable = false)
    public long csatSum;
    @Column(name = "logged_in_ms", nullable = false)
    public long loggedInMs;
    @Column(name = "available_ms", nullable = false)
    public long availableMs;

    public Totals totals() {
        return new Totals(offered, answered, answeredInTarget, abandoned, shortAbandoned, abandonedInTarget, waitMs, maxWaitMs, talkMs, holdMs,
            wrapMs, transferred, surveyed, csatSum, loggedInMs, availableMs);
    }

    public void set(Totals t) {
        offered = t.offered();
        answered = t.answered();
        answeredInTarget = t.answeredInTarget();
        abandoned = t.abandoned();
        shortAbandoned = t.shortAbandoned();
        abandonedInTarget = t.abandonedInTarget();
        waitMs = t.waitMs();
        maxWaitMs = t.maxWaitMs();
        talkMs = t.talkMs();
        holdMs = t.holdMs();
        wrapMs = t.wrapMs();
        transferred = t.transferred();
        surveyed = t.surveyed();
        csatSum = t.csatSum();
        loggedInMs = t.loggedInMs();
        availableMs = t.availableMs();
    }
}
