package io.seatline.billing.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One rated call (id = CDR id: a CDR is rated once). */
@Entity
@Table(name = "sl_bill_usage")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class UsageEntity extends CallRow {
    @Column(name = "category", nullable = false)
    public String category;
    @Column(name = "billable_seconds", nullable = false)
    public long billableSeconds;
    @Column(name = "plan_version_id")
    public String planVersionId;
    @Column(name = "prefix")
    public String prefix;
    @Column(name = "band")
    public String band;
    @Column(name = "per_minute", precision = 19, scale = 6)
    public BigDecimal perMinute;
    @Column(name = "increment_text")
    public String increment;
    @Column(name = "connection_fee", precision = 19, scale = 6)
    public BigDecimal connectionFee;
    @Column(name = "amount", nullable = false, precision = 19, scale = 6)
    public BigDecimal amount;
    @Column(name = "currency", nullable = false)
    public String currency;
    @Column(name = "detail")
    public String detail;
    @Column(name = "rated_at", nullable = false)
    public Instant ratedAt;
}
