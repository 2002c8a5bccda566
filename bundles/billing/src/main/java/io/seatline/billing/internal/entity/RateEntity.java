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

/** One usage rate of a plan version. */
@Entity
@Table(name = "sl_bill_rate")
public class RateEntity {
    @Id
    public String id;
    @Column(name = "version_id", nullable = false)
    public String versionId;
    @Column(name = "direction", nullable = false)
    public String direction;
    @Column(name = "prefix", nullable = false)
    public String prefix;
    @Column(name = "band", nullable = false)
    public String band;
    @Column(name = "per_minute", nullable = false, precision = 19, scale = 6)
    public BigDecimal perMinute;
    @Column(name = "connection_fee", nullable = false, precision = 19, scale = 6)
    public BigDecimal connectionFee;
    @Column(name = "minimum_charge", nullable = false, precision = 19, scale = 6)
    public BigDecimal minimumCharge;
    @Column(name = "increment_text", nullable = false)
    public String increment;
    @Column(name = "description")
    public String description;
    @Column(name = "row_no", nullable = false)
    public int rowNo;
}
