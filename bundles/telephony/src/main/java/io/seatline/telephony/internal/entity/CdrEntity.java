package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_cdr")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CdrEntity extends CallRecord {
    @Column(name = "ended_at", nullable = false)
    public Instant endedAt;
    @Column(name = "wait_ms", nullable = false)
    public long waitMs;
    @Column(name = "talk_ms", nullable = false)
    public long talkMs;
    @Column(name = "hold_ms", nullable = false)
    public long holdMs;
    @Column(name = "wrap_up_ms")
    public Long wrapUpMs;
    @Column(nullable = false)
    public String disposition;
    @Column(name = "hangup_cause")
    public String hangupCause;
    @Column(nullable = false)
    public int transfers;
    @Column(name = "recording_id")
    public String recordingId;
    @Column(name = "csat_score")
    public Integer csatScore;
    @Column(name = "csat_status")
    public String csatStatus;
    @Column(name = "ivr_path")
    public String ivrPath;
    /** null: not recorded; COMPLETE; DISK_FULL or WRITE_FAILED (the recording stopped there); INTERRUPTED (a crash cut it) */
    @Column(name = "recording_status")
    public String recordingStatus;
    /** the wrap-up's disposition code the agent filed, or null */
    @Column
    public String outcome;
    @Column(name = "outcome_note")
    public String outcomeNote;
}
