package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A calibration session: one call scored independently by several evaluators. */
@Entity
@Table(name = "sl_qa_calibration")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CalibrationEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "title", nullable = false)
    public String title;
    @Column(name = "call_id", nullable = false)
    public String callId;
    @Column(name = "scorecard_id", nullable = false)
    public String scorecardId;
    @Column(name = "version_no", nullable = false)
    public int versionNo;
    @Column(name = "lead_user_id")
    public String leadUserId;
    @Column(name = "participants", nullable = false)
    public String participants;
    @Column(name = "status", nullable = false)
    public String status;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "closed_at")
    public Instant closedAt;
}
