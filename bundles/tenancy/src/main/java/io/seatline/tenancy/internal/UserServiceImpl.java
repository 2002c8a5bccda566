package io.seatline.tenancy.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.core.Validation;
import io.seatline.core.ForbiddenException;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.security.PasswordHasher;
import io.seatline.tenancy.User;
import io.seatline.tenancy.UserCredentials;
import io.seatline.tenancy.UserService;
import io.seatline.tenancy.UserSpec;
import io.seatline.tenancy.internal.entity.SeatAssignmentEntity;
import io.seatline.tenancy.internal.entity.TeamEntity;
import io.seatline.tenancy.internal.entity.UserEntity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Users of the tenant in context. With no tenant in context, the operator manages operator users (tenant_id
 * null), who log in with their bare username.
 */
@Component(service = UserService.class)
public class UserServiceImpl implements UserService {

    @Reference(target = "(osgi.unit.name=seatline-tenancy)")
    private EntityManagerFactory emf;
    @Reference
    private PasswordHasher hasher;
    @Reference
    private AuditService audit;
    @Reference
    private SeatReleaser releaser;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    /** Tenant-scoped for tenant work; operator users when the operator has not entered a tenant. */
    private <T> T scoped(Function<EntityManager, T> work) {
        CallContext ctx = TenantContext.current();
        return ctx.tenantId() != null ? jpa.tenant(work) : jpa.operator(work);
    }

    private static String scopeClause(String alias) {
        return TenantContext.current().tenantId() == null ? " where " + alias + ".tenantId is null" : "";
    }

    @Override
    public User create(UserSpec spec) {
        Permissions.require("users", "write");
        String tenant = TenantContext.current().tenantId();
        if (tenant == null) {
            TenantContext.requireOperator();
        }
        String username = Validation.username(spec.username(), "username");
        Set<String> roles = roles(spec.roles(), tenant);
        if (spec.password() == null) {
            throw new ValidationException("required", "password is required", "password");
        }
        hasher.checkPolicy(spec.password(), "password");
        UserEntity u = new UserEntity();
        u.id = UUID.randomUUID().toString();
        u.username = username;
        u.login = tenant == null ? username : username + "@" + tenant;
        u.displayName = Validation.maxLength(spec.displayName(), "displayName", 200);
        u.email = Validation.email(spec.email(), "email");
        u.roleSet(roles);
        u.enabled = spec.enabled() == null || spec.enabled();
        u.passwordHash = hasher.hash(spec.password());
        u.createdAt = TenantServiceImpl.now();
        u.updatedAt = u.createdAt;
        User created;
        try {
            created = scoped(em -> {
                u.teamId = team(em, spec.teamId());
                Long taken = em.createQuery("select count(u) from UserEntity u where u.login = :l", Long.class)
                    .setParameter("l", u.login).getSingleResult();
                if (taken > 0) {
                    throw new ConflictException("user_exists", "user '" + u.login + "' already exists", "username");
                }
                em.persist(u);
                em.flush();
                return u.toDto();
            });
        } catch (PersistenceException e) {
            throw new ConflictException("user_exists", "user '" + u.login + "' already exists", "username");
        }
        audit.record("user.create", created.login(), "roles=" + String.join(",", created.roles()));
        return created;
    }

    private static Set<String> roles(Set<String> requested, String tenant) {
        if (requested == null || requested.isEmpty()) {
            throw new ValidationException("required", "at least one role is required", "roles");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String r : requested) {
            boolean ok = tenant == null ? Roles.OPERATOR_ROLES.contains(r) : Roles.TENANT_ROLES.contains(r);
            if (!ok) {
                throw new ValidationException("invalid_role", "role '" + r + "' is not allowed here; allowed: "
                    + String.join(", ", tenant == null ? Roles.OPERATOR_ROLES : Roles.TENANT_ROLES), "roles");
            }
            roles.add(r);
        }
        return roles;
    }

    private static String team(EntityManager em, String teamId) {
        if (teamId == null || teamId.isBlank()) {
            return null;
        }
        if (Jpa.find(em, TeamEntity.class, teamId) == null) {
            throw new ValidationException("unknown_team", "team '" + teamId + "' does not exist", "teamId");
        }
        return teamId;
    }

    private static UserEntity load(EntityManager em, String id) {
        UserEntity u = Jpa.find(em, UserEntity.class, id);
        if (u == null || (TenantContext.current().tenantId() == null && u.getTenantId() != null)) {
            throw new NotFoundException("not_found", "user '" + id + "' not found");
        }
        return u;
    }

    @Override
    public User update(String id, UserSpec spec) {
        Permissions.require("users", "write");
        return updateUser(id, spec);
    }

    private User updateUser(String id, UserSpec spec) {
        String tenant = TenantContext.current().tenantId();
        if (spec.username() != null) {
            throw new ValidationException("username_immutable", "a username cannot be changed; create a new user", "username");
        }
        Set<String> roles = spec.roles() == null ? null : roles(spec.roles(), tenant);
        String displayName = Validation.maxLength(spec.displayName(), "displayName", 200);
        String email = Validation.email(spec.email(), "email");
        if (spec.password() != null) {
            hasher.checkPolicy(spec.password(), "password");
        }
        String hash = spec.password() == null ? null : hasher.hash(spec.password());
        List<SeatAssignmentEntity> ended = new java.util.ArrayList<>();
        User updated = scoped(em -> {
            lockTenant(em, tenant, spec.enabled() != null);
            UserEntity u = load(em, id);
            if (roles != null) {
                u.roleSet(roles);
            }
            if (displayName != null) {
                u.displayName = displayName;
            }
            if (email != null) {
                u.email = email;
            }
            if (spec.teamId() != null) {
                u.teamId = team(em, spec.teamId());
            }
            if (spec.enabled() != null) {
                u.enabled = spec.enabled();
                if (!u.enabled) {
                    ended.addAll(endSeat(em, u.id, "user disabled"));
                }
            }
            if (hash != null) {
                u.passwordHash = hash;
                u.failedLogins = 0;
                u.lockedUntil = null;
            }
            u.updatedAt = TenantServiceImpl.now();
            return u.toDto();
        });
        if (tenant != null) {
            releaser.posted(tenant, ended, "user disabled");
        }
        audit.record("user.update", updated.login(), "roles=" + String.join(",", updated.roles()) + ", enabled=" + updated.enabled()
            + (hash != null ? ", password changed" : ""));
        return updated;
    }

    /**
     * Seat logins of a tenant are serialised on its tenant row (see SeatServiceImpl.assign); disabling or deleting a
     * user takes the same lock first, so an in-flight login cannot seat a user that is being disabled.
     */
    private static void lockTenant(EntityManager em, String tenant, boolean needed) {
        if (needed && tenant != null) {
            em.find(io.seatline.tenancy.internal.entity.TenantEntity.class, tenant, javax.persistence.LockModeType.PESSIMISTIC_WRITE);
        }
    }

    private List<SeatAssignmentEntity> endSeat(EntityManager em, String userId, String why) {
        List<SeatAssignmentEntity> list = em.createQuery("select a from SeatAssignmentEntity a where a.userId = :u", SeatAssignmentEntity.class)
            .setParameter("u", userId).getResultList();
        list.forEach(a -> releaser.end(em, a, why));
        return list;
    }

    @Override
    public User get(String id) {
        Permissions.require("users", "read");
        return scoped(em -> load(em, id).toDto());
    }

    /** The fields the user list sorts by. */
    private static final java.util.Map<String, String> USER_SORT = io.seatline.core.Sort.columns("login", "u.login", "name", "lower(u.displayName)",
        "enabled", "u.enabled", "created", "u.createdAt");

    @Override
    public Page<User> search(String text, String role, io.seatline.core.Sort sort, int offset, int limit) {
        Permissions.require("users", "read");
        String order = io.seatline.core.Sort.orderBy(sort, USER_SORT, "u.login", "u.id");
        String t = Search.like(text);
        String r = role == null || role.isBlank() ? null : role.strip();
        if (r != null && !io.seatline.core.Roles.TENANT_ROLES.contains(r) && !io.seatline.core.Roles.OPERATOR_ROLES.contains(r)) {
            throw new io.seatline.core.ValidationException("invalid_role", "role is one of " + io.seatline.core.Roles.TENANT_ROLES + " or "
                + io.seatline.core.Roles.OPERATOR_ROLES, "role");
        }
        return scoped(em -> {
            StringBuilder where = new StringBuilder(scopeClause("u").isEmpty() ? " where 1 = 1" : scopeClause("u"));
            if (t != null) {
                where.append(" and (lower(u.login) like :t escape '!' or lower(u.username) like :t escape '!' or lower(u.displayName) like :t escape '!')");
            }
            if (r != null) {
                where.append(" and concat(',', u.roles, ',') like :r");
            }
            var items = em.createQuery("select u from UserEntity u" + where + order, UserEntity.class);
            var count = em.createQuery("select count(u) from UserEntity u" + where, Long.class);
            if (t != null) {
                items.setParameter("t", t);
                count.setParameter("t", t);
            }
            if (r != null) {
                items.setParameter("r", "%," + r + ",%");
                count.setParameter("r", "%," + r + ",%");
            }
            List<User> page = items.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(UserEntity::toDto).toList();
            return new Page<>(page, count.getSingleResult(), offset, limit);
        });
    }

    @Override
    public void delete(String id) {
        Permissions.require("users", "write");
        String tenant = TenantContext.current().tenantId();
        List<SeatAssignmentEntity> ended = new java.util.ArrayList<>();
        String login = scoped(em -> {
            lockTenant(em, tenant, true);
            UserEntity u = load(em, id);
            if (u.getTenantId() == null && TenantContext.current().userId() != null && TenantContext.current().userId().equals(u.id)) {
                throw new ConflictException("cannot_delete_self", "an operator cannot delete their own user");
            }
            ended.addAll(endSeat(em, u.id, "user deleted"));
            em.remove(u);
            return u.login;
        });
        if (tenant != null) {
            releaser.posted(tenant, ended, "user deleted");
        }
        audit.record("user.delete", login, null);
    }

    @Override
    public void changePassword(String id, String newPassword, String currentPassword) {
        if (TenantContext.current().viaToken()) {
            // a leaked integration token must not become a permanent login
            throw new ForbiddenException("token_cannot_change_credentials", "an API token cannot change a password; sign in with a password");
        }
        // one's own password needs the current one (a session left open must not be turned into a takeover); another
        // user's needs users:write
        boolean self = Permissions.isSelf(id);
        if (self) {
            Permissions.require("tenant", "read");
        } else {
            Permissions.require("users", "write");
        }
        if (newPassword == null) {
            // {} used to answer 204 and change nothing: a password change without a password is an error
            throw new ValidationException("required", "password is required", "password");
        }
        if (self) {
            if (currentPassword == null || currentPassword.isEmpty()) {
                throw new ValidationException("current_password_required", "changing your own password needs your current password",
                    "currentPassword");
            }
            String stored = scoped(em -> load(em, id).passwordHash);
            if (stored == null || !hasher.verify(currentPassword, stored)) {
                audit.record("user.password.refused", id, "wrong current password");
                throw new ForbiddenException("invalid_current_password", "the current password is not right", "currentPassword");
            }
        }
        updateUser(id, new UserSpec(null, null, null, null, null, newPassword, null));
    }

    @Override
    public Optional<UserCredentials> credentials(String login) {
        TenantContext.requireOperator();
        return jpa.operator(em -> em.createQuery("select u from UserEntity u where u.login = :l", UserEntity.class)
            .setParameter("l", login).getResultList().stream().findFirst().map(UserEntity::toCredentials));
    }

    @Override
    public Instant recordLoginFailure(String userId, int maxFailures, Duration lockFor) {
        TenantContext.requireOperator();
        return jpa.operator(em -> {
            // Row lock: concurrent failures are all counted, and none can clear a lock another one has set.
            UserEntity u = em.find(UserEntity.class, userId, javax.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (u == null) {
                return null;
            }
            Instant now = Instant.now();
            if (u.lockedUntil != null && u.lockedUntil.isAfter(now)) {
                return u.lockedUntil;
            }
            if (u.lockedUntil != null) {
                // the lock ran out: counting starts again (one more failure must not lock at once)
                u.lockedUntil = null;
                u.failedLogins = 0;
            }
            u.failedLogins = u.failedLogins + 1;
            if (u.failedLogins >= maxFailures) {
                u.lockedUntil = now.plus(lockFor).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            }
            return u.lockedUntil;
        });
    }

    @Override
    public Instant recordLoginSuccess(String userId) {
        TenantContext.requireOperator();
        return jpa.operator(em -> {
            UserEntity u = em.find(UserEntity.class, userId, javax.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (u == null) {
                return null;
            }
            if (u.lockedUntil != null && u.lockedUntil.isAfter(Instant.now())) {
                return u.lockedUntil; // locked by a concurrent failure: the right password does not win the race
            }
            u.failedLogins = 0;
            u.lockedUntil = null;
            return null;
        });
    }

    @Override
    public boolean ensureOperator(String username, String password) {
        TenantContext.requireOperator();
        boolean exists = jpa.operator(em -> em.createQuery("select count(u) from UserEntity u where u.tenantId is null", Long.class)
            .getSingleResult() > 0);
        if (exists) {
            return false;
        }
        create(new UserSpec(username, "Operator", null, Set.of(Roles.OPERATOR), null, password, true));
        return true;
    }
}
