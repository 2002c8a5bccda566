package io.seatline.telephony.internal.call;

import io.seatline.telephony.internal.Ids;
import io.seatline.telephony.internal.entity.CallRecord;
import io.seatline.telephony.internal.entity.CdrEntity;
import io.seatline.telephony.internal.entity.CdrLegEntity;
import java.time.Duration;
import java.time.Instant;

/** A finished call as its CDR rows: the call and each of its legs. */
final class Cdrs {
    private Cdrs() {
    }

    static CdrEntity cdr(Call call) {
        CdrEntity c = record(new CdrEntity(), call);
        // an agent-to-agent call is free of carriage, unless a number outside was brought in (transfer, conference)
        if ("INTERNAL".equals(call.direction) && call.carrierNumber != null) {
            c.direction = "OUTBOUND";
            c.toParty = CallEngine.clip(call.carrierNumber, 200);
        }
        c.endedAt = call.endedAt;
        Instant waitEnd = call.answeredAt != null ? call.answeredAt : call.endedAt;
        c.waitMs = Duration.between(call.offeredAt, waitEnd).toMillis();
        c.talkMs = call.answeredAt == null ? 0 : Duration.between(call.answeredAt, call.endedAt).toMillis();
        c.holdMs = call.holdMs;
        c.disposition = call.disposition;
        c.hangupCause = call.hangupCause;
        c.transfers = call.transfers;
        c.csatScore = call.csatScore;
        c.csatStatus = call.csatStatus;
        c.ivrPath = call.ivrPath.length() == 0 ? null : CallEngine.clip(call.ivrPath.toString(), 400);
        c.recordingStatus = call.recordingStatus;
        c.outcome = call.outcome;
        c.outcomeNote = call.outcomeNote;
        return c;
    }

    /** What the CDR and the journal row both say about the call, as the call says it now. */
    static <R extends CallRecord> R record(R r, Call call) {
        r.id = call.id;
        r.setTenantId(call.acd.tenantId);
        r.direction = call.direction;
        r.fromParty = CallEngine.clip(call.from, 200);
        r.toParty = CallEngine.clip(call.to, 200);
        r.did = call.did;
        r.queueName = call.queue;
        r.agentUserId = call.cdrAgentUserId;
        r.agentLogin = call.agentLogin;
        r.seatId = call.seatId;
        r.offeredAt = call.offeredAt;
        r.answeredAt = call.answeredAt;
        return r;
    }

    static CdrLegEntity leg(Call call, Leg l) {
        CdrLegEntity e = new CdrLegEntity();
        e.id = Ids.next();
        e.setTenantId(call.acd.tenantId);
        e.cdrId = call.id;
        e.legNo = l.legNo;
        e.kind = l.kind.name();
        e.party = CallEngine.clip(l.party, 200);
        e.sipCallId = CallEngine.clip(l.sipCallId, 200);
        e.startedAt = l.startedAt;
        e.answeredAt = l.answeredAt;
        e.endedAt = l.endedAt != null ? l.endedAt : call.endedAt;
        e.result = l.result != null ? l.result : l.answeredAt != null ? "ANSWERED" : "CANCELLED";
        e.sipStatus = l.sipStatus;
        return e;
    }
}
