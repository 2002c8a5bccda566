package io.seatline.billing.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Id;
import javax.persistence.MappedSuperclass;

/** The call a rating row is about (sl_bill_usage and sl_bill_unrated): one row per CDR id. */
@MappedSuperclass
public abstract class CallRow extends TenantOwned {
    @Id
    @Column(name = "cdr_id")
    public String cdrId;
    @Column(name = "period_key", nullable = false)
    public String period;
    @Column(name = "number_text")
    public String number;
    @Column(name = "answered_at")
    public Instant answeredAt;
    /** When the telephony CDR was offered; null for a CDR fed through the API (telephony rows are counted per day by Tally for the missed-CDR check). */
    @Column(name = "cdr_offered_at")
    public Instant cdrOfferedAt;
    @Column(name = "talk_ms", nullable = false)
    public long talkMs;
}
