package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import java.time.Instant;

@Entity
@Table(name = "sl_customer")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class CustomerEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    public String email;
    public String address;
    public String language;
    /** tags joined by '|' (with '|' around, so a tag is found with like '%|tag|%') */
    @Column(nullable = false)
    public String tags;
    @Column(name = "fields_json", nullable = false, length = 8000)
    public String fieldsJson;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
