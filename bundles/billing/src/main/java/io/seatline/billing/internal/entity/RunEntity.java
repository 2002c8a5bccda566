package io.seatline.billing.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A billing run (operator level). */
@Entity
@Table(name = "sl_bill_run")
public class RunEntity {
    @Id
    public String id;
    @Column(name = "period_key", nullable = false)
    public String period;
    @Lob
    @Column(name = "tenants_text", nullable = false)
    public String tenants;
    @Column(name = "state", nullable = false)
    public String state;
    @Column(name = "total_n", nullable = false)
    public int total;
    @Column(name = "done_n", nullable = false)
    public int done;
    @Column(name = "created_n", nullable = false)
    public int created;
    @Column(name = "existing_n", nullable = false)
    public int existing;
    @Lob
    @Column(name = "failures_text")
    public String failures;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "started_by", nullable = false)
    public String startedBy;
}
