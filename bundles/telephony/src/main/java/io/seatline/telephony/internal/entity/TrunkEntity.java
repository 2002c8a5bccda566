package io.seatline.telephony.internal.entity;

import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** An operator trunk (operator-level row: no tenant). */
@Entity
@Table(name = "sl_trunk")
public class TrunkEntity {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String host;
    @Column(nullable = false)
    public int port;
    @Column(nullable = false)
    public String transport;
    /** comma-separated IP, IP:port or CIDR */
    @Column(name = "allowed_sources", nullable = false)
    public String allowedSources;
    @Column(name = "caller_id")
    public String callerId;
    @Column(nullable = false)
    public boolean enabled;
    /** NAT: RTP is sent back to where the carrier's RTP comes from */
    @Column(name = "symmetric_rtp", nullable = false)
    public boolean symmetricRtp;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
