package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** An entry of a customer's history (call, note, ticket, disposition). */
@Entity
@Table(name = "sl_crm_interaction")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class InteractionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "customer_id", nullable = false)
    public String customerId;
    @Column(nullable = false)
    public String kind;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "ref_id")
    public String refId;
    @Column(nullable = false)
    public String summary;
    @Column(name = "data_json", nullable = false, length = 4000)
    public String dataJson;
    @Column(name = "by_whom")
    public String by;
}
