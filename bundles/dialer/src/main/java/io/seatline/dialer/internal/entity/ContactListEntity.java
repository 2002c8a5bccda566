package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_contact_list")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ContactListEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "campaign_id", nullable = false)
    public String campaignId;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String status;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
