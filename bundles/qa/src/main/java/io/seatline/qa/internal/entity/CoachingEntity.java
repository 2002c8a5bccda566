package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A coaching task for an agent. */
@Entity
@Table(name = "sl_qa_coaching")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CoachingEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "agent_user_id", nullable = false)
    public String agentUserId;
    @Column(name = "assignee_user_id", nullable = false)
    public String assigneeUserId;
    @Column(name = "evaluation_id")
    public String evaluationId;
    @Column(name = "item_key")
    public String item;
    @Column(name = "topic", nullable = false)
    public String topic;
    @Column(name = "due_on", nullable = false)
    public LocalDate due;
    @Column(name = "status", nullable = false)
    public String status;
    @Column(name = "outcome")
    public String outcome;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "done_at")
    public Instant doneAt;
    @Column(name = "due_notified_at")
    public Instant dueNotifiedAt;
}
