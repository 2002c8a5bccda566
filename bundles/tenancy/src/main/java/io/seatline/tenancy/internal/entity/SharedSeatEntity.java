package io.seatline.tenancy.internal.entity;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A seat of the operator's shared pool (owned by no tenant). Ids read {@code SH-<nnn>}. */
@Entity
@Table(name = "sl_shared_seat")
public class SharedSeatEntity {
    @Id
    public String id;
    @Column(name = "seat_no", nullable = false)
    public int seatNo;

    public static String idFor(int no) {
        return String.format("SH-%03d", no);
    }
}
