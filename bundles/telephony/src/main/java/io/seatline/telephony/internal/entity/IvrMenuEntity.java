package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A tenant's IVR menu tree, as its JSON definition. */
@Entity
@Table(name = "sl_ivr_menu")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class IvrMenuEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Lob
    @Column(nullable = false)
    public String definition;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
