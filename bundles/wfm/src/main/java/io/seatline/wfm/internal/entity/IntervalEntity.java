package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/**
 * A quarter-hour's counters of one queue and agent: calls by the quarter they were offered in, agent time by the
 * quarter it was spent in (queue empty). The id is the key: tenant, quarter, queue, agent.
 */
@Entity
@Table(name = "sl_wfm_interval")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class IntervalEntity extends Counters {
    @Id
    public String id;
    @Column(name = "bucket_start", nullable = false)
    public Instant bucket;
    @Column(name = "queue_name", nullable = false)
    public String queue;
    @Column(name = "agent_user_id", nullable = false)
    public String agent;
}
