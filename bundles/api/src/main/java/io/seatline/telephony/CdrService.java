package io.seatline.telephony;

import io.seatline.core.Page;
import java.time.Instant;

/** CDRs of the tenant in context, newest first. */
public interface CdrService {

    Page<Cdr> list(Instant from, Instant to, String queue, String agentUserId, String disposition, int offset, int limit);

    Cdr get(String callId);

    /** Satisfaction survey results of the calls offered in [from, to), optionally of one queue or one agent. */
    CsatSummary csat(Instant from, Instant to, String queue, String agentUserId);
}
