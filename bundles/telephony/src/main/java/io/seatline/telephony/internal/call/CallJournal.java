package io.seatline.telephony.internal.call;

import io.seatline.telephony.internal.entity.OpenCallEntity;
import java.time.Instant;
import java.util.Objects;
import javax.persistence.EntityManager;

/**
 * The journal of calls in progress ({@code sl_call_open}): what a CDR needs is written through the record writer when
 * a call is offered and whenever its answer, agent, queue or recording changes; the row goes in the transaction that
 * writes the CDR. A node killed mid-call leaves the rows of its open calls, which the next start closes
 * ({@code CrashRecovery}). Writes go in the writer's order, so a row is never written after its call's CDR.
 */
public final class CallJournal extends EnginePart {
    /** this node's name: a start recovers only the calls its own node left open */
    public static final String NODE = System.getProperty("karaf.name", "root");

    CallJournal(CallEngine engine) {
        super(engine);
    }

    /** Journals the call if what its CDR would say changed since it was last journaled. */
    void note(Call call) {
        if (call.ended()) {
            return;
        }
        String sig = call.queue + '|' + call.answeredAt + '|' + call.cdrAgentUserId + '|' + call.seatId + '|' + call.recordingId;
        if (Objects.equals(sig, call.journaled)) {
            return;
        }
        call.journaled = sig;
        OpenCallEntity e = Cdrs.record(new OpenCallEntity(), call);
        e.node = NODE;
        if (call.recordingId != null && call.recorder != null) {
            e.recordingId = call.recordingId;
            e.recordingPath = store.relative(call.recorder.path());
            e.recordingReason = call.recordingReason;
            e.recordingStarted = call.recordingStarted;
            e.recordingChannels = call.recorder.channels();
        }
        e.updatedAt = Instant.now();
        writer.submit(em -> em.merge(e), null);
    }

    /** In the CDR's transaction: the call is no longer open. */
    static void close(EntityManager em, Call call) {
        if (call.journaled == null) {
            return;
        }
        OpenCallEntity open = em.find(OpenCallEntity.class, call.id);
        if (open != null) {
            em.remove(open);
        }
    }
}
