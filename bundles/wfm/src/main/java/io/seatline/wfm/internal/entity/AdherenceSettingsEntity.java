package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/**
 * A tenant's adherence settings (one row, its id the tenant's): the mapping "ACTIVITY=STATE|STATE:reason;…" and the
 * tolerances "ACTIVITY=seconds;…".
 */
@Entity
@Table(name = "sl_wfm_adherence")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AdherenceSettingsEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "mapping", nullable = false, length = 4000)
    public String mapping;
    @Column(name = "tolerances", nullable = false, length = 1000)
    public String tolerances;
    @Column(name = "updated_by", length = 200)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
