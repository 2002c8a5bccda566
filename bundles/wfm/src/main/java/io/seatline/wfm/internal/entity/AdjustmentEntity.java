package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A manual change to a queue's forecast: its calls on the days from–to times the factor. */
@Entity
@Table(name = "sl_wfm_adjustment")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AdjustmentEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "queue_name", nullable = false)
    public String queue;
    @Column(name = "from_day", nullable = false)
    public LocalDate from;
    @Column(name = "to_day", nullable = false)
    public LocalDate to;
    @Column(name = "factor", nullable = false, precision = 10, scale = 4)
    public BigDecimal factor;
    @Column(name = "reason", length = 500)
    public String reason;
    @Column(name = "created_by", length = 200)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
