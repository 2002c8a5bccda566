package io.seatline.tenancy.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.tenancy.SeatKind;
import io.seatline.tenancy.SeatRentalChange;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_seat_change")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class SeatRentalChangeEntity extends TenantOwned {
    @Id
    public String id;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SeatKind kind;
    @Column(name = "old_count", nullable = false)
    public int oldCount;
    @Column(name = "new_count", nullable = false)
    public int newCount;
    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;
    @Column(name = "changed_by", nullable = false)
    public String changedBy;
    public String reason;

    public SeatRentalChange toDto() {
        return new SeatRentalChange(id, tenantId, kind, oldCount, newCount, changedAt, changedBy, reason);
    }
}
