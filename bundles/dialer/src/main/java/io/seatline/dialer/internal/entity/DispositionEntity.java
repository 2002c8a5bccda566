package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_disposition")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class DispositionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String code;
    @Column(nullable = false)
    public String label;
    @Column(nullable = false)
    public String action;
    @Column(nullable = false)
    public int position;
}
