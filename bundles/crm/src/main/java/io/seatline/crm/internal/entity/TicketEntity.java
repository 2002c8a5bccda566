package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A ticket (work order) with its revisit. */
@Entity
@Table(name = "sl_ticket")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TicketEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String number;
    @Column(nullable = false)
    public String category;
    @Column(nullable = false)
    public String title;
    @Lob
    public String description;
    @Column(nullable = false)
    public String priority;
    @Column(nullable = false)
    public String status;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "call_id")
    public String callId;
    @Column(name = "assignee_user_id")
    public String assigneeUserId;
    @Column(name = "team_id")
    public String teamId;
    public String department;
    @Lob
    @Column(name = "fields_json", nullable = false)
    public String fieldsJson;
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;
    @Column(name = "reminded_at")
    public Instant remindedAt;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Lob
    public String resolution;
    @Column(name = "revisit_due_at")
    public Instant revisitDueAt;
    @Column(name = "revisit_status")
    public String revisitStatus;
    @Lob
    @Column(name = "revisit_result")
    public String revisitResult;
    @Column(name = "revisit_score")
    public Integer revisitScore;
    @Column(name = "revisit_done_at")
    public Instant revisitDoneAt;
    @Column(name = "revisit_by")
    public String revisitBy;
    @Column(name = "revisit_reminded_at")
    public Instant revisitRemindedAt;
}
