package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A tenant's recording policy, retention and business calendar (one row per tenant). */
@Entity
@Table(name = "sl_media_policy")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class MediaPolicyEntity extends TenantOwned {
    /** the tenant's id */
    @Id
    public String id;
    @Column(name = "recording_mode", nullable = false)
    public String recordingMode;
    @Column(name = "sample_percent", nullable = false)
    public int samplePercent;
    @Column(name = "retention_days", nullable = false)
    public int retentionDays;
    @Column(nullable = false)
    public boolean stereo;
    @Lob
    @Column(name = "calendar_json")
    public String calendarJson;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
