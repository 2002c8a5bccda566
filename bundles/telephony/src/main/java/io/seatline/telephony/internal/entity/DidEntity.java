package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/** A DID assigned to a tenant. Carries the persistence unit's tenant filter definition. */
@Entity
@Table(name = "sl_did")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class DidEntity extends TenantOwned {
    @Id
    public String number;
    @Column(name = "queue_name")
    public String queueName;
    @Column(name = "trunk_id")
    public String trunkId;
    @Column(name = "ivr_menu")
    public String ivrMenu;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
