package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An agent's SIP identity and skills. The SIP password is kept only as HA1 = MD5(user:realm:password). */
@Entity
@Table(name = "sl_agent")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AgentEntity extends TenantOwned {
    @Id
    @Column(name = "user_id")
    public String userId;
    @Column(nullable = false)
    public String login;
    @Column(name = "sip_user", nullable = false)
    public String sipUser;
    @Column(name = "sip_ha1", nullable = false)
    public String sipHa1;
    @Column(nullable = false)
    public String skills;
    @Column(name = "static_contact")
    public String staticContact;
    @Column(name = "auto_answer", nullable = false)
    public boolean autoAnswer;
    /** NAT: RTP is sent back to where the phone's RTP comes from */
    @Column(name = "symmetric_rtp", nullable = false)
    public boolean symmetricRtp = true;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
