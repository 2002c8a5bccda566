package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An article linked from a ticket. */
@Entity
@Table(name = "sl_kb_link")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ArticleLinkEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "article_id", nullable = false)
    public String articleId;
    @Column(name = "ticket_id", nullable = false)
    public String ticketId;
    @Column(name = "at_time", nullable = false)
    public Instant at;
}
