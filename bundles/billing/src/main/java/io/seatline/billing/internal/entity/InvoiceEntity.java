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

/** An invoice or credit note; immutable once ISSUED. */
@Entity
@Table(name = "sl_bill_invoice")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class InvoiceEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "tenant_name", nullable = false)
    public String tenantName;
    @Column(name = "kind", nullable = false)
    public String kind;
    @Column(name = "status", nullable = false)
    public String status;
    @Column(name = "number_text")
    public String number;
    @Column(name = "period_key", nullable = false)
    public String period;
    @Column(name = "period_from", nullable = false)
    public LocalDate periodFrom;
    @Column(name = "period_to", nullable = false)
    public LocalDate periodTo;
    @Column(name = "issued_on")
    public LocalDate issuedOn;
    @Column(name = "due_on")
    public LocalDate dueOn;
    @Column(name = "currency", nullable = false)
    public String currency;
    @Column(name = "net", nullable = false, precision = 19, scale = 6)
    public BigDecimal net;
    @Column(name = "tax", nullable = false, precision = 19, scale = 6)
    public BigDecimal tax;
    @Column(name = "total", nullable = false, precision = 19, scale = 6)
    public BigDecimal total;
    @Column(name = "refers_to")
    public String refersTo;
    @Column(name = "reason")
    public String reason;
    @Column(name = "unrated_calls", nullable = false)
    public int unratedCalls;
    @Lob
    @Column(name = "lines_json", nullable = false)
    public String linesJson;
    @Lob
    @Column(name = "doc_json")
    public String docJson;
    @Column(name = "live_key")
    public String liveKey;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "issued_at")
    public Instant issuedAt;
    @Column(name = "issued_by")
    public String issuedBy;
}
