package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One version of a scorecard: its definition (sections and items) as JSON. */
@Entity
@Table(name = "sl_qa_scorecard_version")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ScorecardVersionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "scorecard_id", nullable = false)
    public String scorecardId;
    @Column(name = "version_no", nullable = false)
    public int versionNo;
    @Lob
    @Column(name = "definition_json", nullable = false)
    public String definitionJson;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
