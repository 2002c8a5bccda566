package io.seatline.tenancy.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A dedicated seat: exclusive to one tenant. Ids read {@code <tenant>-D<nnn>}. */
@Entity
@Table(name = "sl_seat")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class SeatEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "seat_no", nullable = false)
    public int seatNo;

    public static String idFor(String tenant, int no) {
        return String.format("%s-D%03d", tenant, no);
    }
}
