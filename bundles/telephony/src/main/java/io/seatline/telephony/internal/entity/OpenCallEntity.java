package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/**
 * A call in progress as the journal knows it: written when the call is offered and when it is answered, given an
 * agent or recorded, and removed in the transaction that writes its CDR. Rows found at start belong to calls a
 * crashed node never ended: they become CDRs closed with the cause {@code node_failure}.
 */
@Entity
@Table(name = "sl_call_open")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class OpenCallEntity extends CallRecord {
    /** the Karaf instance running the call (karaf.name) */
    @Column(nullable = false)
    public String node;
    @Column(name = "recording_id")
    public String recordingId;
    /** the recording's file, relative to the recordings directory */
    @Column(name = "recording_path")
    public String recordingPath;
    @Column(name = "recording_reason")
    public String recordingReason;
    @Column(name = "recording_started")
    public Instant recordingStarted;
    @Column(name = "recording_channels")
    public Integer recordingChannels;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
