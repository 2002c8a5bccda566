package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A callback promised in the wrap-up of a call outside any campaign. */
@Entity
@Table(name = "sl_callback")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CallbackEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "call_id", nullable = false)
    public String callId;
    @Column
    public String phone;
    @Column(name = "customer_id")
    public String customerId;
    @Column(nullable = false)
    public String code;
    @Column
    public String note;
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;
    @Column(nullable = false)
    public String zone;
    /** null: any agent of the tenant */
    @Column(name = "agent_user_id")
    public String agentUserId;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "done_at")
    public Instant doneAt;
    @Column(name = "done_by")
    public String doneBy;
}
