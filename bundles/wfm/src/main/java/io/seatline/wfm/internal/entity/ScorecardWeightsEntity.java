package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A tenant's scorecard weights and targets (one row, its id the tenant's): "MEASURE=weight;…", "MEASURE=target;…". */
@Entity
@Table(name = "sl_wfm_scorecard")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ScorecardWeightsEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "weights", nullable = false, length = 400)
    public String weights;
    @Column(name = "targets", nullable = false, length = 400)
    public String targets;
    @Column(name = "updated_by", length = 200)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
