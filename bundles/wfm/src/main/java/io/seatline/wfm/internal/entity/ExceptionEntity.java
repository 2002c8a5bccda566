package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import java.time.LocalDateTime;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An adherence exception of an agent over local times from–to: PENDING, APPROVED or REJECTED. */
@Entity
@Table(name = "sl_wfm_exception")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ExceptionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "agent_user_id", nullable = false, length = 36)
    public String agent;
    @Column(name = "from_local", nullable = false)
    public LocalDateTime from;
    @Column(name = "to_local", nullable = false)
    public LocalDateTime to;
    @Column(name = "reason", nullable = false, length = 64)
    public String reason;
    @Column(name = "note", length = 1000)
    public String note;
    @Column(name = "status", nullable = false, length = 12)
    public String status;
    @Column(name = "requested_by", length = 200)
    public String requestedBy;
    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;
    @Column(name = "decided_by", length = 200)
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decision_note", length = 1000)
    public String decisionNote;
}
