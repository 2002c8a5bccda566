package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A comment on a ticket. */
@Entity
@Table(name = "sl_ticket_comment")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TicketCommentEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "ticket_id", nullable = false)
    public String ticketId;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "by_whom")
    public String by;
    @Column(name = "body", nullable = false, length = 4000)
    public String text;
    @Column(name = "internal_only", nullable = false)
    public boolean internal;
}
