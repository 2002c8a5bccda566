package io.seatline.crm.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A version of a knowledge-base article. */
@Entity
@Table(name = "sl_kb_version")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ArticleVersionEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "article_id", nullable = false)
    public String articleId;
    @Column(name = "version_no", nullable = false)
    public int version;
    @Column(nullable = false)
    public String title;
    @Lob
    @Column(nullable = false)
    public String body;
    @Column(nullable = false, length = 1000)
    public String keywords;
    @Column(name = "at_time", nullable = false)
    public Instant at;
    @Column(name = "by_whom")
    public String by;
}
