package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A call script; its title and steps are kept as JSON. */
@Entity
@Table(name = "sl_crm_script")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ScriptEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(name = "queue_name")
    public String queue;
    @Column(name = "campaign_id")
    public String campaign;
    @Lob
    @Column(nullable = false)
    public String definition;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
