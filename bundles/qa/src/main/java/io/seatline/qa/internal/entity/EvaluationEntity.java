package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An evaluation of a call: the current scores (the revisions keep every scored version). */
@Entity
@Table(name = "sl_qa_evaluation")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class EvaluationEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "call_id", nullable = false)
    public String callId;
    @Column(name = "kind", nullable = false)
    public String kind;
    @Column(name = "calibration_id")
    public String calibrationId;
    @Column(name = "scorecard_id", nullable = false)
    public String scorecardId;
    @Column(name = "version_no", nullable = false)
    public int versionNo;
    @Column(name = "version_id", nullable = false)
    public String versionId;
    @Column(name = "agent_user_id")
    public String agentUserId;
    @Column(name = "evaluator_user_id", nullable = false)
    public String evaluatorUserId;
    @Column(name = "dedupe_key", nullable = false)
    public String dedupeKey;
    @Column(name = "status", nullable = false)
    public String status;
    @Column(name = "score", precision = 7, scale = 2)
    public BigDecimal score;
    @Column(name = "passed")
    public Boolean passed;
    @Column(name = "fatal_error", nullable = false)
    public boolean fatalError;
    @Lob
    @Column(name = "answers_json", nullable = false)
    public String answersJson;
    @Lob
    @Column(name = "items_json", nullable = false)
    public String itemsJson;
    @Column(name = "comment_text")
    public String comment;
    @Column(name = "csat")
    public Integer csat;
    @Column(name = "queue_name")
    public String queue;
    @Column(name = "call_at")
    public Instant callAt;
    @Column(name = "dispute_reason")
    public String disputeReason;
    @Column(name = "reviewer_user_id")
    public String reviewerUserId;
    @Column(name = "review_note")
    public String reviewNote;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
