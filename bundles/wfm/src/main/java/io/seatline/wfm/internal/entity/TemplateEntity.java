package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A shift template: start window, length, breaks ("ACTIVITY,minutes,earliest,latest,paid;…"). The id: tenant|name. */
@Entity
@Table(name = "sl_wfm_template")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TemplateEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "name", nullable = false, length = 64)
    public String name;
    @Column(name = "earliest_start", nullable = false, length = 5)
    public String earliestStart;
    @Column(name = "latest_start", nullable = false, length = 5)
    public String latestStart;
    @Column(name = "minutes", nullable = false)
    public int minutes;
    @Column(name = "breaks", length = 2000)
    public String breaks;
}
