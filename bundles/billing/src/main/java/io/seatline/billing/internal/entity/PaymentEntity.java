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

/** A payment recorded against an issued invoice. */
@Entity
@Table(name = "sl_bill_payment")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class PaymentEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "invoice_id", nullable = false)
    public String invoiceId;
    @Column(name = "amount", nullable = false, precision = 19, scale = 6)
    public BigDecimal amount;
    @Column(name = "currency", nullable = false)
    public String currency;
    @Column(name = "paid_on", nullable = false)
    public LocalDate paidOn;
    @Column(name = "ref_text")
    public String reference;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;
}
