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

/** A one-off fee or a discount of a tenant. */
@Entity
@Table(name = "sl_bill_charge")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ChargeEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "kind", nullable = false)
    public String kind;
    @Column(name = "description", nullable = false)
    public String description;
    @Column(name = "amount", precision = 19, scale = 6)
    public BigDecimal amount;
    @Column(name = "pct", precision = 19, scale = 6)
    public BigDecimal percent;
    @Column(name = "valid_from", nullable = false)
    public LocalDate validFrom;
    @Column(name = "valid_to")
    public LocalDate validTo;
    @Column(name = "invoice_id")
    public String invoiceId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
