package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A day's counters (the tenant's calendar day) of one queue and agent: what reports by day, week and month read. */
@Entity
@Table(name = "sl_wfm_day")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class DayEntity extends Counters {
    @Id
    public String id;
    @Column(name = "day_date", nullable = false)
    public LocalDate day;
    @Column(name = "queue_name", nullable = false)
    public String queue;
    @Column(name = "agent_user_id", nullable = false)
    public String agent;
}
