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

/** A scored version of an evaluation: SUBMITTED by the evaluator or AMENDED by a reviewer. */
@Entity
@Table(name = "sl_qa_revision")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class RevisionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "evaluation_id", nullable = false)
    public String evaluationId;
    @Column(name = "revision_no", nullable = false)
    public int revisionNo;
    @Column(name = "kind", nullable = false)
    public String kind;
    @Column(name = "score", precision = 7, scale = 2)
    public BigDecimal score;
    @Column(name = "passed", nullable = false)
    public boolean passed;
    @Column(name = "fatal_error", nullable = false)
    public boolean fatalError;
    @Lob
    @Column(name = "items_json", nullable = false)
    public String itemsJson;
    @Column(name = "comment_text")
    public String comment;
    @Column(name = "by_user", nullable = false)
    public String byUser;
    @Column(name = "at_time", nullable = false)
    public Instant at;
}
