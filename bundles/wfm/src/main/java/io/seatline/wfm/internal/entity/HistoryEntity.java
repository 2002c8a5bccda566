package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/**
 * A queue's calls of one quarter-hour imported from another system (its past before Seatline): calls offered and their
 * handling seconds in all. A longer imported interval is spread evenly over its quarters. The id: tenant, queue, quarter.
 */
@Entity
@Table(name = "sl_wfm_history")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class HistoryEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "queue_name", nullable = false)
    public String queue;
    @Column(name = "bucket_start", nullable = false)
    public Instant bucket;
    @Column(name = "calls", nullable = false, precision = 14, scale = 4)
    public BigDecimal calls;
    @Column(name = "handle_seconds", nullable = false, precision = 18, scale = 4)
    public BigDecimal handleSeconds;
}
