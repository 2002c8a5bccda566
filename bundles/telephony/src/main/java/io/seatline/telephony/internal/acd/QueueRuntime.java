package io.seatline.telephony.internal.acd;

import io.seatline.telephony.CallQueue;
import io.seatline.telephony.internal.call.Call;
import java.util.Comparator;
import java.util.TreeSet;

/** A queue's definition, its waiting calls in priority/arrival order, and its counters. */
public final class QueueRuntime {
    static final Comparator<Call> ORDER = Comparator.<Call>comparingInt(c -> -c.priority).thenComparingLong(c -> c.seq);

    public CallQueue def;
    public final TreeSet<Call> waiting = new TreeSet<>(ORDER);
    public long offered;
    public long answered;
    public long abandoned;
    public long answeredWithinSl;
    /** the day (the tenant's) the counters count */
    public java.time.LocalDate day;

    public QueueRuntime(CallQueue def) {
        this.def = def;
    }

    /** The counters count one day in the tenant's zone: the first count or read on a new day starts them at zero. */
    public QueueRuntime on(java.time.LocalDate today) {
        if (!today.equals(day)) {
            offered = 0;
            answered = 0;
            abandoned = 0;
            answeredWithinSl = 0;
            day = today;
        }
        return this;
    }
}
