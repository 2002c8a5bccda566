package io.seatline.tenancy.internal;

import io.seatline.core.Permissions;
import io.seatline.core.ConflictException;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.core.Validation;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.tenancy.Team;
import io.seatline.tenancy.TeamService;
import io.seatline.tenancy.TeamSpec;
import io.seatline.tenancy.internal.entity.TeamEntity;
import io.seatline.tenancy.internal.entity.UserEntity;
import java.util.List;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = TeamService.class)
public class TeamServiceImpl implements TeamService {

    @Reference(target = "(osgi.unit.name=seatline-tenancy)")
    private EntityManagerFactory emf;
    @Reference
    private AuditService audit;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public Team create(TeamSpec spec) {
        Permissions.require("teams", "write");
        TenantContext.requireTenant();
        String name = Validation.required(spec.name(), "name", 100);
        String description = Validation.maxLength(spec.description(), "description", 500);
        Team team;
        try {
            team = jpa.tenant(em -> {
                requireUnique(em, name, null);
                TeamEntity t = new TeamEntity();
                t.id = UUID.randomUUID().toString();
                t.name = name;
                t.description = description;
                t.supervisorUserId = supervisor(em, spec.supervisorUserId());
                t.createdAt = TenantServiceImpl.now();
                em.persist(t);
                em.flush();
                return t.toDto();
            });
        } catch (PersistenceException e) {
            throw new ConflictException("team_exists", "team '" + name + "' already exists", "name");
        }
        audit.record("team.create", team.name(), null);
        return team;
    }

    private static void requireUnique(EntityManager em, String name, String exceptId) {
        List<TeamEntity> same = em.createQuery("select t from TeamEntity t where t.name = :n", TeamEntity.class)
            .setParameter("n", name).getResultList();
        if (same.stream().anyMatch(t -> !t.id.equals(exceptId))) {
            throw new ConflictException("team_exists", "team '" + name + "' already exists", "name");
        }
    }

    private static String supervisor(EntityManager em, String userId) {
        if (userId == null || userId.isBlank()) {
            return null;
        }
        if (Jpa.find(em, UserEntity.class, userId) == null) {
            throw new ValidationException("unknown_user", "user '" + userId + "' does not exist", "supervisorUserId");
        }
        return userId;
    }

    @Override
    public Team update(String id, TeamSpec spec) {
        Permissions.require("teams", "write");
        String name = spec.name() == null ? null : Validation.required(spec.name(), "name", 100);
        String description = Validation.maxLength(spec.description(), "description", 500);
        Team team = jpa.tenant(em -> {
            TeamEntity t = Jpa.get(em, TeamEntity.class, id, "team");
            if (name != null) {
                requireUnique(em, name, id);
                t.name = name;
            }
            if (description != null) {
                t.description = description;
            }
            if (spec.supervisorUserId() != null) {
                t.supervisorUserId = supervisor(em, spec.supervisorUserId());
            }
            return t.toDto();
        });
        audit.record("team.update", team.name(), null);
        return team;
    }

    @Override
    public Team get(String id) {
        Permissions.require("teams", "read");
        return jpa.tenant(em -> Jpa.get(em, TeamEntity.class, id, "team").toDto());
    }

    @Override
    public Page<Team> search(String text, int offset, int limit) {
        Permissions.require("teams", "read");
        String t = Search.like(text);
        String where = t == null ? "" : " where lower(t.name) like :t escape '!'";
        return jpa.tenant(em -> {
            var items = em.createQuery("select t from TeamEntity t" + where + " order by t.name", TeamEntity.class);
            var count = em.createQuery("select count(t) from TeamEntity t" + where, Long.class);
            if (t != null) {
                items.setParameter("t", t);
                count.setParameter("t", t);
            }
            return new Page<>(items.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(TeamEntity::toDto).toList(),
                count.getSingleResult(), offset, limit);
        });
    }

    @Override
    public void delete(String id) {
        Permissions.require("teams", "write");
        String name = jpa.tenant(em -> {
            TeamEntity t = Jpa.get(em, TeamEntity.class, id, "team");
            em.createQuery("select u from UserEntity u where u.teamId = :t", UserEntity.class).setParameter("t", id)
                .getResultList().forEach(u -> u.teamId = null);
            em.remove(t);
            return t.name;
        });
        audit.record("team.delete", name, null);
    }
}
