package io.seatline.security.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.security.ApiToken;
import java.time.Instant;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/** An API token; only the SHA-256 of the secret is stored. */
@Entity
@Table(name = "sl_api_token")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class ApiTokenEntity extends TenantOwned {
    @Id
    public String id;
    @Column(name = "user_id", nullable = false)
    public String userId;
    @Column(name = "user_login", nullable = false)
    public String userLogin;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String prefix;
    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public ApiToken toDto() {
        return new ApiToken(id, tenantId, userId, name, prefix, createdAt, expiresAt, lastUsedAt, revokedAt);
    }
}
