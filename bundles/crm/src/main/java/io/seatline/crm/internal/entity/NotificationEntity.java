package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A message to one user (e.g. an overdue reminder). */
@Entity
@Table(name = "sl_crm_notification")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class NotificationEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(nullable = false)
    public String kind;
    @Column(name = "ticket_id")
    public String ticketId;
    @Column(name = "body", nullable = false, length = 1000)
    public String text;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "read_at")
    public Instant readAt;
}
