package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/**
 * A shift of an agent (null: open, no agent could take it) in the tenant's local time, its activities
 * ("KIND,from,to;…" as local date-times), DRAFT or PUBLISHED.
 */
@Entity
@Table(name = "sl_wfm_shift")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ShiftEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "agent_user_id", length = 36)
    public String agent;
    @Column(name = "template", length = 64)
    public String template;
    @Column(name = "day_date", nullable = false)
    public LocalDate day;
    @Column(name = "start_local", nullable = false)
    public LocalDateTime start;
    @Column(name = "end_local", nullable = false)
    public LocalDateTime end;
    @Column(name = "activities", nullable = false, length = 4000)
    public String activities;
    @Column(name = "status", nullable = false, length = 12)
    public String status;
    @Column(name = "updated_by", length = 200)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
