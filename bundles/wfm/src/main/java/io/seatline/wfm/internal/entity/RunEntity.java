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

/** A scheduler run: its request, progress, and figures when done. */
@Entity
@Table(name = "sl_wfm_run")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class RunEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "queue_name", nullable = false, length = 64)
    public String queue;
    @Column(name = "from_day", nullable = false)
    public LocalDate from;
    @Column(name = "days", nullable = false)
    public int days;
    @Column(name = "status", nullable = false, length = 12)
    public String status;
    @Column(name = "progress", nullable = false)
    public double progress;
    @Column(name = "step", length = 200)
    public String step;
    @Column(name = "shifts")
    public Integer shifts;
    @Column(name = "paid_hours", precision = 14, scale = 2)
    public BigDecimal paidHours;
    @Column(name = "lower_bound_hours", precision = 14, scale = 2)
    public BigDecimal lowerBoundHours;
    @Column(name = "deficit_hours", precision = 14, scale = 2)
    public BigDecimal deficitHours;
    @Column(name = "overstaff_hours", precision = 14, scale = 2)
    public BigDecimal overstaffHours;
    @Column(name = "unassigned")
    public Integer unassigned;
    @Column(name = "error", length = 1000)
    public String error;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
