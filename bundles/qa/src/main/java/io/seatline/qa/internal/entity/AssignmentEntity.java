package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A call in an evaluator's queue. */
@Entity
@Table(name = "sl_qa_assignment")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class AssignmentEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "call_id", nullable = false)
    public String callId;
    @Column(name = "agent_user_id")
    public String agentUserId;
    @Column(name = "evaluator_user_id", nullable = false)
    public String evaluatorUserId;
    @Column(name = "rule_name", nullable = false)
    public String rule;
    @Column(name = "status", nullable = false)
    public String status;
    @Column(name = "evaluation_id")
    public String evaluationId;
    @Column(name = "week_of", nullable = false)
    public LocalDate week;
    @Column(name = "assigned_at", nullable = false)
    public Instant assignedAt;
}
