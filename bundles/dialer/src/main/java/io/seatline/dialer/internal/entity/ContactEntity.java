package io.seatline.dialer.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A contact and where it stands: {@code nextAt} is the first instant it may be dialled (null: never again). */
@Entity
@Table(name = "sl_contact")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ContactEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "list_id", nullable = false)
    public String listId;
    @Column(name = "campaign_id", nullable = false)
    public String campaignId;
    @Column(nullable = false)
    public String phone;
    public String name;
    @Column(name = "fields_json", nullable = false, length = 4000)
    public String fieldsJson;
    public String timezone;
    @Column(nullable = false)
    public String status;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "last_outcome")
    public String lastOutcome;
    @Column(name = "last_disposition")
    public String lastDisposition;
    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;
    @Column(name = "last_abandon_at")
    public Instant lastAbandonAt;
    @Column(name = "next_at")
    public Instant nextAt;
    @Column(name = "callback_at")
    public Instant callbackAt;
    @Column(name = "callback_agent")
    public String callbackAgent;
    @Column(name = "reserved_by")
    public String reservedBy;
    @Column(name = "line_no", nullable = false)
    public int lineNo;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
