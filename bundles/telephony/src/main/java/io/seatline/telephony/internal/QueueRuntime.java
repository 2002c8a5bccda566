package io.seatline.telephony.internal;

import io.seatline.telephony.CallQueue;
import java.util.Comparator;
import java.util.TreeSet;

/** A queue's definition, its waiting calls in priority/arrival order, and its counters. */
final class QueueRuntime {
    static final Comparator<Call> ORDER = Comparator.<Call>comparingInt(c -> -c.priority).thenComparingLong(c -> c.seq);

    CallQueue def;
    final TreeSet<Call> waiting = new TreeSet<>(ORDER);
    long offered;
    long answered;
    long abandoned;
    long answeredWithinSl;

    QueueRuntime(CallQueue def) {
        this.def = def;
    }
}
