package io.seatline.tenancy.internal.entity;

import io.seatline.persistence.TenantOwned;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserCredentials;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;

/** A user; tenant_id is null for operator users. */
@Entity
@Table(name = "sl_user")
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class UserEntity extends TenantOwned {
    @Id
    public String id;
    @Column(nullable = false)
    public String username;
    @Column(nullable = false, unique = true)
    public String login;
    @Column(name = "display_name")
    public String displayName;
    public String email;
    @Column(nullable = false)
    public String roles;
    @Column(name = "team_id")
    public String teamId;
    @Column(nullable = false)
    public boolean enabled;
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;
    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;
    @Column(name = "locked_until")
    public Instant lockedUntil;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Set<String> roleSet() {
        return roles.isBlank() ? Set.of()
            : Arrays.stream(roles.split(",")).map(String::trim).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public void roleSet(Set<String> set) {
        roles = String.join(",", set);
    }

    public User toDto() {
        return new User(id, tenantId, username, login, displayName, email, roleSet(), teamId, enabled, createdAt, updatedAt);
    }

    public UserCredentials toCredentials() {
        return new UserCredentials(id, tenantId, login, passwordHash, roleSet(), enabled, failedLogins, lockedUntil);
    }
}
