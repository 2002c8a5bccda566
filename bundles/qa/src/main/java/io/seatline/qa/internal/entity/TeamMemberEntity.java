package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A member of the tenant's virtual QA team (evaluates without the qa role). */
@Entity
@Table(name = "sl_qa_team_member")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TeamMemberEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "added_at", nullable = false)
    public Instant addedAt;
}
