package io.seatline.telephony;

import java.time.Instant;
import java.util.List;

/**
 * The one call detail record of a call. Durations are in milliseconds; {@code wrapUpMs} is filled in when the
 * agent's after-call work ends.
 *
 * @param disposition ANSWERED, ABANDONED, MAX_WAIT, FAILED, NO_ANSWER, BUSY, REJECTED
 * @param hangupCause who ended it and why, e.g. {@code customer_bye}, {@code agent_bye}, {@code caller_cancel},
 *                    {@code node_shutdown} (an orderly stop), {@code node_failure} (closed at the start after a crash)
 * @param recordingId the call's recording (GET .../recordings/{id}), or null
 * @param csatScore   the caller's post-call survey score 1-5, or null
 * @param csatStatus  SCORED or NO_RESPONSE when a survey was played, else null
 * @param ivrPath     the IVR nodes the caller went through, e.g. {@code hotline:main>2>consult}
 * @param recordingStatus null when the call was not recorded; COMPLETE; DISK_FULL or WRITE_FAILED when the recording
 *                    stopped there (the call went on; the part recorded is kept); INTERRUPTED when a crash cut it;
 *                    DELETED when the recording was deleted since, EXPIRED when its retention ended (recordingId is then null)
 * @param outcome     the wrap-up's disposition code the agent filed (the tenant's codes, e.g. {@code callback}), or null
 * @param outcomeNote the wrap-up's note, or null
 */
public record Cdr(String id, String tenantId, String direction, String from, String to, String did, String queue,
                  String agentUserId, String agentLogin, String seatId, Instant offeredAt, Instant answeredAt,
                  Instant endedAt, long waitMs, long talkMs, long holdMs, Long wrapUpMs, String disposition,
                  String hangupCause, int transfers, List<CdrLeg> legs, String recordingId,
                  Integer csatScore, String csatStatus, String ivrPath, String recordingStatus, String outcome, String outcomeNote) {

    /** The record as it was before {@code outcome} (package 0.3): kept so code built against it still links. */
    public Cdr(String id, String tenantId, String direction, String from, String to, String did, String queue,
               String agentUserId, String agentLogin, String seatId, Instant offeredAt, Instant answeredAt,
               Instant endedAt, long waitMs, long talkMs, long holdMs, Long wrapUpMs, String disposition,
               String hangupCause, int transfers, List<CdrLeg> legs, String recordingId,
               Integer csatScore, String csatStatus, String ivrPath, String recordingStatus) {
        this(id, tenantId, direction, from, to, did, queue, agentUserId, agentLogin, seatId, offeredAt, answeredAt, endedAt, waitMs,
            talkMs, holdMs, wrapUpMs, disposition, hangupCause, transfers, legs, recordingId, csatScore, csatStatus, ivrPath, recordingStatus,
            null, null);
    }

    /** The record as it was before {@code recordingStatus} (package 0.2): kept so code built against it still links. */
    public Cdr(String id, String tenantId, String direction, String from, String to, String did, String queue,
               String agentUserId, String agentLogin, String seatId, Instant offeredAt, Instant answeredAt,
               Instant endedAt, long waitMs, long talkMs, long holdMs, Long wrapUpMs, String disposition,
               String hangupCause, int transfers, List<CdrLeg> legs, String recordingId,
               Integer csatScore, String csatStatus, String ivrPath) {
        this(id, tenantId, direction, from, to, did, queue, agentUserId, agentLogin, seatId, offeredAt, answeredAt, endedAt, waitMs,
            talkMs, holdMs, wrapUpMs, disposition, hangupCause, transfers, legs, recordingId, csatScore, csatStatus, ivrPath, null, null, null);
    }
}
