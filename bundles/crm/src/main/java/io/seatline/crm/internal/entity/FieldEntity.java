package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/** A tenant's custom customer field. Carries the persistence unit's tenant filter definition. */
@Entity
@Table(name = "sl_crm_field")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class FieldEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String label;
    @Column(name = "field_type", nullable = false)
    public String type;
    @Column(name = "is_required", nullable = false)
    public boolean required;
    @Column(name = "choices_json", length = 4000)
    public String choicesJson;
    @Column(nullable = false)
    public int position;
}
