package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One custom field value of a customer, as text (indexed so any custom field can be searched). */
@Entity
@Table(name = "sl_customer_value")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ValueEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "customer_id", nullable = false)
    public String customerId;
    @Column(name = "field_name", nullable = false)
    public String field;
    @Column(name = "field_value", nullable = false)
    public String value;
}
