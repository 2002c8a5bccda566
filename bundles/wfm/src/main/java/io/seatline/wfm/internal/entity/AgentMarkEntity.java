package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** How far an agent's state changes are counted: the last change counted, its state and time (the open span's start). */
@Entity
@Table(name = "sl_wfm_agent_mark")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AgentMarkEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "state", nullable = false)
    public String state;
    @Column(name = "since_at", nullable = false)
    public Instant since;
    /** the call of the last change (a wrap-up's call: its CDR is counted again when the wrap-up ends) */
    @Column(name = "call_id")
    public String callId;
}
