package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** The per-tenant, per-day counter of ticket numbers (id = tenant id). */
@Entity
@Table(name = "sl_ticket_seq")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TicketSeqEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "day_key", nullable = false)
    public String day;
    @Column(name = "next_value", nullable = false)
    public int next;
}
