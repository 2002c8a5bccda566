package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A knowledge-base article at its current version. */
@Entity
@Table(name = "sl_kb_article")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ArticleEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String category;
    @Column(nullable = false)
    public String title;
    @Lob
    @Column(nullable = false)
    public String body;
    @Column(nullable = false, length = 1000)
    public String keywords;
    @Column(name = "version_no", nullable = false)
    public int version;
    @Column(name = "usage_count", nullable = false)
    public long usage;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;
}
