package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Id;
import javax.persistence.MappedSuperclass;

/**
 * What a call's CDR and its journal row ({@link OpenCallEntity}, while the call is open) both say about it: who
 * called whom, through which number and queue, which agent took it, when it was offered and answered.
 */
@MappedSuperclass
public abstract class CallRecord extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String direction;
    @Column(name = "from_party")
    public String fromParty;
    @Column(name = "to_party")
    public String toParty;
    public String did;
    @Column(name = "queue_name")
    public String queueName;
    @Column(name = "agent_user_id")
    public String agentUserId;
    @Column(name = "agent_login")
    public String agentLogin;
    @Column(name = "seat_id")
    public String seatId;
    @Column(name = "offered_at", nullable = false)
    public Instant offeredAt;
    @Column(name = "answered_at")
    public Instant answeredAt;

    /** Copies what {@code other} says about the call (its tenant included). */
    public void copyCall(CallRecord other) {
        id = other.id;
        setTenantId(other.getTenantId());
        direction = other.direction;
        fromParty = other.fromParty;
        toParty = other.toParty;
        did = other.did;
        queueName = other.queueName;
        agentUserId = other.agentUserId;
        agentLogin = other.agentLogin;
        seatId = other.seatId;
        offeredAt = other.offeredAt;
        answeredAt = other.answeredAt;
    }
}
