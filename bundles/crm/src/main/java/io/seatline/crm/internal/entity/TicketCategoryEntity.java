package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A ticket category with its SLA and fields (JSON). */
@Entity
@Table(name = "sl_ticket_category")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TicketCategoryEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String label;
    @Column(name = "sla_hours", nullable = false)
    public int slaHours;
    @Column(name = "business_hours", nullable = false)
    public boolean businessHours;
    @Column(name = "fields_json", nullable = false, length = 8000)
    public String fieldsJson;
    @Column(name = "escalate_json", nullable = false, length = 2000)
    public String escalateJson;
    @Column(name = "revisit_hours")
    public Integer revisitHours;
    @Column(nullable = false)
    public int position;
}
