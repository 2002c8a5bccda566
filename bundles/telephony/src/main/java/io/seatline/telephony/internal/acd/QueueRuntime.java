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

    public QueueRuntime(CallQueue def) {
        this.def = def;
    }
}
