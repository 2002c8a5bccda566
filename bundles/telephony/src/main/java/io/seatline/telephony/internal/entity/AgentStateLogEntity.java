package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One agent state transition (adherence and occupancy are computed from these). */
@Entity
@Table(name = "sl_agent_state_log")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AgentStateLogEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(nullable = false)
    public String state;
    @Column(name = "previous_state", nullable = false)
    public String previousState;
    public String reason;
    @Column(name = "call_id")
    public String callId;
    @Column(nullable = false)
    public Instant at;
}
