package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/** A campaign: its settings as JSON (a {@code CampaignSpec}) and its status. Carries the persistence unit's tenant filter definition. */
@Entity
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Table(name = "sl_campaign")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CampaignEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String mode;
    @Column(nullable = false)
    public String status;
    @Column(name = "spec_json", nullable = false, length = 8000)
    public String specJson;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
