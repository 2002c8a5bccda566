package io.seatline.telephony.internal;

import io.seatline.telephony.AgentState;
import io.seatline.telephony.internal.acd.AgentRuntime;
import io.seatline.telephony.internal.acd.TenantAcd;
import io.seatline.telephony.internal.call.CallJournal;
import io.seatline.telephony.internal.entity.AgentStateLogEntity;
import io.seatline.telephony.internal.entity.CdrEntity;
import io.seatline.telephony.internal.entity.CdrLegEntity;
import io.seatline.telephony.internal.entity.OpenCallEntity;
import io.seatline.telephony.internal.entity.RecordingEntity;
import io.seatline.telephony.internal.media.MediaStore;
import io.seatline.telephony.internal.media.WavRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start does after this node was killed (no orderly stop): every call the journal still holds gets its one
 * CDR, closed at the moment of the crash with the cause {@code node_failure}; its recording is made readable (the WAV
 * sizes set from what reached the disk) and listed; agents the state log still shows working are logged out at the
 * crash, and an agent who was in wrap-up has that wrap-up closed on its CDR. All in one transaction: run twice, it
 * finds nothing the second time, and a CDR is never written twice (its id is the call's).
 */
final class CrashRecovery {
    static final String CAUSE = "node_failure";
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);

    /** What was recovered; {@code cdrs} lists the tenant and id of each CDR written. */
    record Result(List<String[]> cdrs, int recordings, int agents) {
    }

    private CrashRecovery() {
    }

    /**
     * @param crashedAt the last sign of life of the killed node (its heartbeat), or null when it stopped in order
     *                  (then only journal rows are closed, at their last update)
     */
    static Result recover(EntityManager em, MediaStore store, Instant crashedAt, Collection<TenantAcd> acds) {
        List<String[]> cdrs = new ArrayList<>();
        int recordings = 0;
        List<OpenCallEntity> open = em.createQuery("select o from OpenCallEntity o where o.node = :n", OpenCallEntity.class)
            .setParameter("n", CallJournal.NODE).getResultList();
        for (OpenCallEntity o : open) {
            em.remove(o);
            if (em.find(CdrEntity.class, o.id) != null) {
                continue;
            }
            Instant end = latest(crashedAt, o.updatedAt, o.answeredAt, o.offeredAt);
            CdrEntity c = new CdrEntity();
            c.copyCall(o);
            c.endedAt = end;
            c.waitMs = Duration.between(o.offeredAt, o.answeredAt != null ? o.answeredAt : end).toMillis();
            c.talkMs = o.answeredAt == null ? 0 : Duration.between(o.answeredAt, end).toMillis();
            c.disposition = o.answeredAt != null ? "ANSWERED" : "FAILED";
            c.hangupCause = CAUSE;
            RecordingEntity stopped = o.recordingId == null ? null : em.find(RecordingEntity.class, o.recordingId);
            if (stopped != null) {
                c.recordingId = stopped.id; // stopped before the crash (on demand, or a full disk): listed already
            } else {
                RecordingEntity r = recording(em, store, o);
                if (r != null) {
                    c.recordingId = r.id;
                    c.recordingStatus = "INTERRUPTED";
                    recordings++;
                }
            }
            em.persist(c);
            CdrLegEntity leg = new CdrLegEntity();
            leg.id = Ids.next();
            leg.setTenantId(o.getTenantId());
            leg.cdrId = o.id;
            leg.legNo = 1;
            leg.kind = "CUSTOMER";
            leg.party = "INBOUND".equals(o.direction) ? o.fromParty : o.toParty;
            leg.startedAt = o.offeredAt;
            leg.answeredAt = o.answeredAt;
            leg.endedAt = end;
            leg.result = "FAILED";
            em.persist(leg);
            cdrs.add(new String[] {o.getTenantId(), o.id});
        }
        int agents = crashedAt == null ? 0 : logOutAgents(em, crashedAt, acds);
        if (!open.isEmpty() || agents > 0) {
            LOG.warn("This node stopped without ending its calls{}: {} calls closed with their CDRs ({}), {} recordings repaired, {} agents logged out",
                crashedAt == null ? "" : " (last alive " + crashedAt + ")", cdrs.size(), CAUSE, recordings, agents);
        }
        return new Result(cdrs, recordings, agents);
    }

    /** The latest of the instants given (nulls skipped): a call cannot end before it was last seen. */
    private static Instant latest(Instant... all) {
        Instant max = null;
        for (Instant i : all) {
            if (i != null && (max == null || i.isAfter(max))) {
                max = i;
            }
        }
        return max;
    }

    /** The recording the call was writing, made readable and listed; null when there is none or its file is gone. */
    private static RecordingEntity recording(EntityManager em, MediaStore store, OpenCallEntity o) {
        if (o.recordingId == null || o.recordingPath == null) {
            return null;
        }
        Path file = store.resolveRecording(o.recordingPath);
        int channels = o.recordingChannels == null ? 1 : o.recordingChannels;
        long data;
        try {
            if (file == null || !Files.isRegularFile(file)) {
                return null;
            }
            data = WavRecorder.repair(file, channels);
        } catch (IOException e) {
            LOG.warn("Recording {} of call {} could not be repaired: {}", o.recordingPath, o.id, e.toString());
            return null;
        }
        RecordingEntity r = new RecordingEntity();
        r.id = o.recordingId;
        r.setTenantId(o.getTenantId());
        r.callId = o.id;
        r.kind = "CALL";
        r.reason = o.recordingReason == null ? "POLICY" : o.recordingReason;
        r.agentUserId = o.agentUserId;
        r.agentLogin = o.agentLogin;
        r.queueName = o.queueName;
        r.fromParty = o.fromParty;
        r.toParty = o.toParty;
        r.startedAt = o.recordingStarted == null ? o.offeredAt : o.recordingStarted;
        r.durationMs = data / (16L * channels);
        r.sizeBytes = 44 + data;
        r.channels = channels;
        r.filePath = o.recordingPath;
        r.expiresAt = store.expiry(o.getTenantId(), r.startedAt);
        em.persist(r);
        return r;
    }

    /**
     * Agents whose last logged state is not LOGGED_OUT were working when the node died: they are logged out at the
     * crash (reason node_failure), and a wrap-up in progress is closed on its CDR.
     */
    private static int logOutAgents(EntityManager em, Instant crashedAt, Collection<TenantAcd> acds) {
        int n = 0;
        for (TenantAcd acd : acds) {
            for (AgentRuntime a : acd.agents.values()) {
                List<AgentStateLogEntity> last = em.createQuery("select l from AgentStateLogEntity l where l.tenantId = :t and l.userId = :u "
                    + "order by l.at desc", AgentStateLogEntity.class).setParameter("t", acd.tenantId).setParameter("u", a.userId)
                    .setMaxResults(1).getResultList();
                if (last.isEmpty() || AgentState.LOGGED_OUT.name().equals(last.get(0).state)) {
                    continue;
                }
                AgentStateLogEntity l = last.get(0);
                Instant at = latest(crashedAt, l.at);
                if (AgentState.WRAP_UP.name().equals(l.state) && l.callId != null) {
                    CdrEntity c = em.find(CdrEntity.class, l.callId);
                    if (c != null && c.wrapUpMs == null && a.userId.equals(c.agentUserId) && acd.tenantId.equals(c.getTenantId())) {
                        c.wrapUpMs = Duration.between(l.at, at).toMillis();
                    }
                }
                AgentStateLogEntity out = new AgentStateLogEntity();
                out.id = Ids.next();
                out.setTenantId(acd.tenantId);
                out.userId = a.userId;
                out.state = AgentState.LOGGED_OUT.name();
                out.previousState = l.state;
                out.reason = CAUSE;
                out.at = at;
                em.persist(out);
                n++;
            }
        }
        return n;
    }
}
