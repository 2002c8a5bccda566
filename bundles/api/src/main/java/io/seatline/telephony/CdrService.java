package io.seatline.telephony;

import io.seatline.core.Page;
import java.time.Instant;

/** CDRs of the tenant in context, newest first. */
public interface CdrService {

    default Page<Cdr> list(Instant from, Instant to, String queue, String agentUserId, String disposition, int offset, int limit) {
        return list(from, to, queue, agentUserId, disposition, null, offset, limit);
    }

    /** As the list above, ordered by {@code sort}: offered, wait, talk, hold, queue, agent or result (null: newest first). */
    Page<Cdr> list(Instant from, Instant to, String queue, String agentUserId, String disposition, io.seatline.core.Sort sort, int offset, int limit);

    Cdr get(String callId);

    /** Satisfaction survey results of the calls offered in [from, to), optionally of one queue or one agent. */
    CsatSummary csat(Instant from, Instant to, String queue, String agentUserId);
}
