package io.seatline.wfm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A report mailed on a schedule: the KPI query, the cadence, the file, the recipients, the last sending and the next. */
@Entity
@Table(name = "sl_wfm_report_schedule")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ReportScheduleEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "name", nullable = false, length = 120)
    public String name;
    @Column(name = "cadence", nullable = false, length = 12)
    public String cadence;
    @Column(name = "hour_of_day", nullable = false)
    public int hour;
    @Column(name = "day_of")
    public Integer day;
    @Column(name = "granularity", nullable = false, length = 12)
    public String granularity;
    @Column(name = "dimension", nullable = false, length = 12)
    public String by;
    @Column(name = "queue_name", length = 64)
    public String queue;
    @Column(name = "team_id", length = 36)
    public String team;
    @Column(name = "compare_to", nullable = false, length = 12)
    public String compare;
    @Column(name = "file_format", nullable = false, length = 8)
    public String format;
    @Column(name = "language", nullable = false, length = 8)
    public String language;
    @Column(name = "recipients", nullable = false, length = 2000)
    public String recipients;
    @Column(name = "next_at", nullable = false)
    public Instant nextAt;
    @Column(name = "last_sent_at")
    public Instant lastSentAt;
    @Column(name = "last_error", length = 1000)
    public String lastError;
    @Column(name = "last_period", length = 40)
    public String lastPeriod;
    @Column(name = "updated_by", length = 200)
    public String updatedBy;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
