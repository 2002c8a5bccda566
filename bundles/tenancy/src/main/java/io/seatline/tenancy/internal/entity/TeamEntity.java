package io.seatline.tenancy.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.tenancy.Team;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_team")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class TeamEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    public String description;
    @Column(name = "supervisor_user_id")
    public String supervisorUserId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public Team toDto() {
        return new Team(id, tenantId, name, description, supervisorUserId, createdAt);
    }
}
