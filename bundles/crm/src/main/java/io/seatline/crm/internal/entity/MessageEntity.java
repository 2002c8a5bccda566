package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An internal message (one row per recipient; a broadcast has one per team member) or a help request. */
@Entity
@Table(name = "sl_crm_message")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class MessageEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String kind;
    @Column(name = "from_user", nullable = false)
    public String fromUser;
    @Column(name = "from_name")
    public String fromName;
    @Column(name = "to_user")
    public String toUser;
    @Column(name = "to_name")
    public String toName;
    @Column(name = "team_id")
    public String team;
    @Column(name = "team_name")
    public String teamName;
    @Column(name = "group_id", nullable = false)
    public String group;
    @Column(nullable = false, length = 1000)
    public String body;
    @Column(name = "call_id")
    public String callId;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "read_at")
    public Instant readAt;
    public String status;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "closed_by_name")
    public String closedByName;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(length = 1000)
    public String answer;
}
