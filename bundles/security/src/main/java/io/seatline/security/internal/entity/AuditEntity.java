package io.seatline.security.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.security.AuditEntry;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One audit record; tenant_id null for operator-level actions. Never updated. */
@Entity
@Table(name = "sl_audit")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AuditEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String actor;
    @Column(nullable = false)
    public String action;
    public String target;
    public String detail;
    @Column(nullable = false)
    public Instant at;

    public AuditEntry toDto() {
        return new AuditEntry(id, tenantId, actor, action, target, detail, at);
    }
}
