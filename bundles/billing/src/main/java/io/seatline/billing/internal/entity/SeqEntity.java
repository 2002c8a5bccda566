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

/** The operator's gapless document number sequences (INV, CN), locked while a number is taken. */
@Entity
@Table(name = "sl_bill_seq")
public class SeqEntity {
    @Id
    public String id;
    @Column(name = "next_value", nullable = false)
    public long next;
}
