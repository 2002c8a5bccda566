package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_cdr_leg")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CdrLegEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "cdr_id", nullable = false)
    public String cdrId;
    @Column(name = "leg_no", nullable = false)
    public int legNo;
    @Column(nullable = false)
    public String kind;
    public String party;
    @Column(name = "sip_call_id")
    public String sipCallId;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "answered_at")
    public Instant answeredAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(nullable = false)
    public String result;
    @Column(name = "sip_status", nullable = false)
    public int sipStatus;
}
