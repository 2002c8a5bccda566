package io.seatline.tenancy.internal.entity;

import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantStatus;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;
import javax.persistence.Version;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;
import io.seatline.persistence.TenantOwned;

/** The tenant row itself (its id is every other row's tenant_id). */
@Entity
@Table(name = "sl_tenant")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
public class TenantEntity {
    @Id
    public String id;
    @Column(name = "display_name", nullable = false)
    public String displayName;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TenantStatus status;
    @Column(name = "status_reason")
    public String statusReason;
    @Column(nullable = false)
    public String timezone;
    @Column(nullable = false)
    public String locale;
    @Column(name = "contact_name")
    public String contactName;
    @Column(name = "contact_email")
    public String contactEmail;
    @Column(name = "contact_phone")
    public String contactPhone;
    @Column(name = "plan_ref")
    public String planRef;
    @Column(name = "dedicated_seats", nullable = false)
    public int dedicatedSeats;
    @Column(name = "shared_seats", nullable = false)
    public int sharedSeats;
    public String source;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Version
    @Column(name = "row_version", nullable = false)
    public int rowVersion;

    public Tenant toDto() {
        return new Tenant(id, displayName, status, timezone, locale, contactName, contactEmail, contactPhone, planRef,
            dedicatedSeats, sharedSeats, source, createdAt, updatedAt);
    }
}
