package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** When an agent can work: "MON=08:00-18:00;TUE=…", days a week, rest between shifts. The id: tenant|user. */
@Entity
@Table(name = "sl_wfm_availability")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AvailabilityEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "user_id", nullable = false, length = 36)
    public String userId;
    @Column(name = "days", nullable = false, length = 200)
    public String days;
    @Column(name = "max_days", nullable = false)
    public int maxDaysPerWeek;
    @Column(name = "min_rest_minutes", nullable = false)
    public int minRestMinutes;
}
