package io.seatline.telephony.internal.call;

import io.seatline.persistence.Jpa;
import io.seatline.telephony.internal.entity.OpenCallEntity;
import java.time.Instant;
import java.util.Objects;
import javax.persistence.EntityManager;

/**
 * The journal of calls in progress ({@code sl_call_open}): what a CDR needs is written through the record writer when
 * a call is offered and whenever its answer, agent, queue or recording changes; the row goes in the transaction that
 * writes the CDR. A node killed mid-call leaves the rows of its open calls, which the next start closes
 * ({@code CrashRecovery}). Writes go in the writer's order, so a row is never written after its call's CDR. The writer
 * leaves out a journal write that a later one of the same transaction supersedes (so a call that ends within one
 * transaction has no row at all); updates and removals are statements by id at the transaction's end, not read first.
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
        writer.submitJournal(call.id, em -> {
            if (call.journalRow) {
                writer.atEnd(em2 -> update(em2, e)); // by id at the transaction's end: no read of the row first
            } else {
                // the call's first row (a retry after a rollback finds journalRow set; the update then inserts)
                em.persist(e);
                call.journalRow = true;
            }
        });
    }

    /** In the CDR's transaction: the call is no longer open. */
    void close(Call call) {
        if (call.journalRow) {
            writer.atEnd(em -> inTenant(call.acd.tenantId, () -> Jpa.bulk(em, "delete from OpenCallEntity o where o.id = :id").setParameter("id", call.id)
                .executeUpdate()));
        }
        // else every journal write of the call went before this one in the writer's order, and none wrote a row
    }

    /** A statement on the tenant's rows (the writer works as the operator, across tenants). */
    static int inTenant(String tenant, java.util.function.Supplier<Integer> statement) {
        return io.seatline.core.TenantContext.call(io.seatline.core.CallContext.operator("telephony").withTenant(tenant), statement);
    }

    private static void update(EntityManager em, OpenCallEntity e) {
        int n = inTenant(e.getTenantId(), () -> Jpa.bulk(em, "update OpenCallEntity o set o.queueName = :queue, o.agentUserId = :agent, o.agentLogin = :login, "
                + "o.seatId = :seat, o.answeredAt = :answered, o.recordingId = :rec, o.recordingPath = :recPath, o.recordingReason = :recReason, "
                + "o.recordingStarted = :recStarted, o.recordingChannels = :recChannels, o.updatedAt = :updated where o.id = :id")
            .setParameter("queue", e.queueName).setParameter("agent", e.agentUserId).setParameter("login", e.agentLogin).setParameter("seat", e.seatId)
            .setParameter("answered", e.answeredAt).setParameter("rec", e.recordingId).setParameter("recPath", e.recordingPath)
            .setParameter("recReason", e.recordingReason).setParameter("recStarted", e.recordingStarted).setParameter("recChannels", e.recordingChannels)
            .setParameter("updated", e.updatedAt).setParameter("id", e.id).executeUpdate());
        if (n == 0) {
            em.persist(e); // its first row was rolled back with an earlier attempt of the writer
        }
    }
}
