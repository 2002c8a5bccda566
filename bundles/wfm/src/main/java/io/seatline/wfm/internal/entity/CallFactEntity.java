package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/**
 * One call's part in the aggregates, as last counted: a CDR read again (its wrap-up ended, an event delivered twice)
 * replaces its part instead of adding it twice.
 */
@Entity
@Table(name = "sl_wfm_call")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CallFactEntity extends Counters {
    @Id
    public String id;
    @Column(name = "bucket_start", nullable = false)
    public Instant bucket;
    @Column(name = "day_date", nullable = false)
    public LocalDate day;
    @Column(name = "queue_name", nullable = false)
    public String queue;
    @Column(name = "agent_user_id", nullable = false)
    public String agent;
}
