package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A file attached to a ticket (stored under the data directory). */
@Entity
@Table(name = "sl_ticket_attachment")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TicketAttachmentEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "ticket_id", nullable = false)
    public String ticketId;
    @Column(nullable = false)
    public String name;
    @Column(name = "content_type", nullable = false)
    public String contentType;
    @Column(name = "size_bytes", nullable = false)
    public long size;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "by_whom")
    public String by;
    @Column(name = "file_path", nullable = false)
    public String path;
}
