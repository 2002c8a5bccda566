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

/** A call no rate matched (id = CDR id). */
@Entity
@Table(name = "sl_bill_unrated")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class UnratedEntity extends TenantOwned {
    @Id
    @Column(name = "cdr_id")
    public String cdrId;
    @Column(name = "period_key", nullable = false)
    public String period;
    @Column(name = "direction", nullable = false)
    public String direction;
    @Column(name = "number_text")
    public String number;
    @Column(name = "answered_at")
    public Instant answeredAt;
    /** When the telephony CDR was offered; null for a CDR fed through the API (see Rating.accountedFor). */
    @Column(name = "cdr_offered_at")
    public Instant cdrOfferedAt;
    @Column(name = "talk_ms", nullable = false)
    public long talkMs;
    @Column(name = "reason", nullable = false)
    public String reason;
    @Column(name = "noted_at", nullable = false)
    public Instant notedAt;
}
