package io.seatline.billing.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A call no rate matched (id = CDR id). */
@Entity
@Table(name = "sl_bill_unrated")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class UnratedEntity extends CallRow {
    @Column(name = "direction", nullable = false)
    public String direction;
    @Column(name = "reason", nullable = false)
    public String reason;
    @Column(name = "noted_at", nullable = false)
    public Instant notedAt;
}
