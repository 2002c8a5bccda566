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

/** A tenant on a plan from a date. */
@Entity
@Table(name = "sl_bill_subscription")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class SubscriptionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "plan", nullable = false)
    public String plan;
    @Column(name = "valid_from", nullable = false)
    public LocalDate validFrom;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
