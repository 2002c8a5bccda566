package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/**
 * A tenant's whole day (its calendar day), all queues and agents together: what the company's report by day, week or
 * month and the operator's summary of every tenant read — a month is 30 rows a tenant, whatever its size.
 */
@Entity
@Table(name = "sl_wfm_tenant_day")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TenantDayEntity extends Counters {
    @Id
    public String id;
    @Column(name = "day_date", nullable = false)
    public LocalDate day;
}
