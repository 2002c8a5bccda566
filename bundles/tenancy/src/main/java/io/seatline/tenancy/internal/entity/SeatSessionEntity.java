package io.seatline.tenancy.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.tenancy.SeatKind;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A finished seat login, kept for billing (shared seats by agent-hour) and reports. */
@Entity
@Table(name = "sl_seat_session")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class SeatSessionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "seat_id", nullable = false)
    public String seatId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SeatKind kind;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "ended_at", nullable = false)
    public Instant endedAt;
    @Column(name = "ended_by", nullable = false)
    public String endedBy;
}
