package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An entry of a ticket's trail. */
@Entity
@Table(name = "sl_ticket_change")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TicketChangeEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "ticket_id", nullable = false)
    public String ticketId;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "by_whom")
    public String by;
    @Column(nullable = false)
    public String action;
    @Column(name = "from_value")
    public String from;
    @Column(name = "to_value")
    public String to;
    public String detail;
}
