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

/**
 * An agent currently logged into a seat. The seat id is the key and the user id is unique, so two logins
 * can never take one seat, nor one agent two seats, even when racing.
 */
@Entity
@Table(name = "sl_seat_assignment")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class SeatAssignmentEntity extends TenantOwned {
    @Id
    @Column(name = "seat_id")
    public String seatId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SeatKind kind;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
}
