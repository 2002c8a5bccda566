package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** One E.164 phone of a customer (indexed for the screen-pop lookup). */
@Entity
@Table(name = "sl_customer_phone")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class PhoneEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "customer_id", nullable = false)
    public String customerId;
    @Column(nullable = false)
    public String phone;
}
