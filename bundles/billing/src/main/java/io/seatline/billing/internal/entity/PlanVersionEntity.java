package io.seatline.billing.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A version of a rate plan (operator catalog, not tenant-owned). */
@Entity
@Table(name = "sl_bill_plan_version")
public class PlanVersionEntity {
    @Id
    public String id;
    @Column(name = "plan", nullable = false)
    public String plan;
    @Column(name = "name", nullable = false)
    public String name;
    @Column(name = "valid_from", nullable = false)
    public LocalDate validFrom;
    @Column(name = "valid_to")
    public LocalDate validTo;
    @Column(name = "currency", nullable = false)
    public String currency;
    @Column(name = "dedicated_seat", nullable = false, precision = 19, scale = 6)
    public BigDecimal dedicatedSeat;
    @Column(name = "shared_seat", nullable = false, precision = 19, scale = 6)
    public BigDecimal sharedSeat;
    @Column(name = "shared_agent_hour", precision = 19, scale = 6)
    public BigDecimal sharedAgentHour;
    @Column(name = "recording_gb_month", precision = 19, scale = 6)
    public BigDecimal recordingGbMonth;
    @Lob
    @Column(name = "bands_json", nullable = false)
    public String bandsJson;
    @Column(name = "default_band", nullable = false)
    public String defaultBand;
    @Column(name = "rate_count", nullable = false)
    public int rateCount;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
