package io.seatline.security.internal.entity;

import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * A browser session; its id is the SHA-256 of the cookie's secret, so the table holds nothing a browser could present.
 * Not tenant-filtered: a session is found by its secret before anyone's tenant is known (as API tokens are), and
 * only the security bundle reads this table, always by secret or by user.
 */
@Entity
@Table(name = "sl_web_session")
public class WebSessionEntity {
    @Id
    public String id;
    @Column(name = "tenant_id", updatable = false)
    public String tenantId;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "user_login", nullable = false)
    public String userLogin;
    /** a fingerprint of the password hash at sign-in: a new password ends the session */
    @Column(name = "password_tag", nullable = false)
    public String passwordTag;
    @Column
    public String address;
    @Column(name = "user_agent")
    public String userAgent;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Column(name = "closed_at")
    public Instant closedAt;
}
