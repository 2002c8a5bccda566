package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A call recording or a voicemail message: a WAV file under the recordings directory and what it belongs to. */
@Entity
@Table(name = "sl_recording")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class RecordingEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "call_id", nullable = false)
    public String callId;
    /** CALL or VOICEMAIL */
    @Column(nullable = false)
    public String kind;
    /** POLICY, SAMPLE, ON_DEMAND, VOICEMAIL */
    @Column(nullable = false)
    public String reason;
    @Column(name = "agent_user_id")
    public String agentUserId;
    @Column(name = "agent_login")
    public String agentLogin;
    @Column(name = "queue_name")
    public String queueName;
    @Column(name = "from_party")
    public String fromParty;
    @Column(name = "to_party")
    public String toParty;
    public String mailbox;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "duration_ms", nullable = false)
    public long durationMs;
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;
    @Column(nullable = false)
    public int channels;
    @Column(name = "file_path", nullable = false)
    public String filePath;
    @Column(name = "expires_at")
    public Instant expiresAt;
}
