package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A blocked caller number: of one tenant, or of the operator (tenant_id null: every tenant). */
@Entity
@Table(name = "sl_blocked_number")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class BlockedEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String phone;
    @Column(name = "block_action", nullable = false)
    public String action;
    public String prompt;
    public String note;
    @Column(name = "added_by")
    public String addedBy;
    @Column(name = "added_at", nullable = false)
    public Instant addedAt;
}
