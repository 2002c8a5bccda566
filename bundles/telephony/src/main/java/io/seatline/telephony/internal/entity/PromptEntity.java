package io.seatline.telephony.internal.entity;

import io.seatline.persistence.TenantOwned;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A tenant's prompt, stored converted to 8 kHz 16-bit mono PCM WAV. */
@Entity
@Table(name = "sl_prompt")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class PromptEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String name;
    @Column(name = "duration_ms", nullable = false)
    public long durationMs;
    @Column(name = "file_path", nullable = false)
    public String filePath;
    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;
}
