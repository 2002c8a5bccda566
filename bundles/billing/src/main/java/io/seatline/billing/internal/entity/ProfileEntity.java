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
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/** How a tenant is billed (id = tenant id). */
@Entity
@Table(name = "sl_bill_profile")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ProfileEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "currency", nullable = false)
    public String currency;
    @Column(name = "legal_name")
    public String legalName;
    @Column(name = "address")
    public String address;
    @Column(name = "tax_id")
    public String taxId;
    @Column(name = "tax_name")
    public String taxName;
    @Column(name = "tax_rate", nullable = false, precision = 19, scale = 6)
    public BigDecimal taxRate;
    @Column(name = "email")
    public String email;
    @Column(name = "payment_terms_days", nullable = false)
    public int paymentTermsDays;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
