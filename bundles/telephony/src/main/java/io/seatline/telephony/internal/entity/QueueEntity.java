package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

@Entity
@Table(name = "sl_queue")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class QueueEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(name = "display_name")
    public String displayName;
    /** skill:level,skill:level */
    @Column(name = "required_skills", nullable = false)
    public String requiredSkills;
    @Column(nullable = false)
    public int priority;
    @Column(name = "max_wait_s", nullable = false)
    public int maxWaitSeconds;
    @Column(name = "overflow_queue")
    public String overflowQueue;
    @Column(name = "service_level_s", nullable = false)
    public int serviceLevelSeconds;
    @Column(name = "wrap_up_s", nullable = false)
    public int wrapUpSeconds;
    @Column(name = "ring_timeout_s", nullable = false)
    public int ringTimeoutSeconds;
    @Column(nullable = false)
    public String strategy;
    @Column(name = "hold_music")
    public String holdMusic;
    @Column(name = "announce_s", nullable = false)
    public int announceSeconds;
    @Column(nullable = false)
    public boolean survey;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
