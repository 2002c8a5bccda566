package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A DNC number: of one tenant, or of the operator (tenant_id null: every tenant). */
@Entity
@Table(name = "sl_dnc")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class DncEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String phone;
    public String reason;
    @Column(name = "added_by")
    public String addedBy;
    @Column(name = "added_at", nullable = false)
    public Instant addedAt;
}
