package io.seatline.qa.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.math.BigDecimal;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A sampling rule. */
@Entity
@Table(name = "sl_qa_rule")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class RuleEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "name", nullable = false)
    public String name;
    @Column(name = "kind", nullable = false)
    public String kind;
    @Column(name = "count_n")
    public Integer count;
    @Column(name = "pct", precision = 7, scale = 2)
    public BigDecimal percent;
    @Column(name = "queue_name")
    public String queue;
    @Column(name = "csat_at_most")
    public Integer csatAtMost;
    @Column(name = "min_talk_seconds")
    public Integer minTalkSeconds;
    @Column(name = "new_agent_weeks")
    public Integer newAgentWeeks;
    @Column(name = "enabled", nullable = false)
    public boolean enabled;
    @Column(name = "rule_order", nullable = false)
    public int position;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
