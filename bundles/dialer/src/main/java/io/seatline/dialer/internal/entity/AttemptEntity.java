package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One dial of a contact: the abandon accounting and the contact's outcome history come from these rows. */
@Entity
@Table(name = "sl_contact_attempt")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AttemptEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "contact_id", nullable = false)
    public String contactId;
    @Column(name = "campaign_id", nullable = false)
    public String campaignId;
    @Column(name = "call_id")
    public String callId;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "answered_at")
    public Instant answeredAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    public String outcome;
    public String disposition;
    @Column(name = "agent_user_id")
    public String agentUserId;
    @Column(length = 1000)
    public String note;
}
