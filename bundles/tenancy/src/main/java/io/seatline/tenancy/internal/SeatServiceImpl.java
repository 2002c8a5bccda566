package io.seatline.tenancy.internal;

import io.seatline.core.Permissions;
import io.seatline.core.ConflictException;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Roles;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.tenancy.Seat;
import io.seatline.tenancy.SeatKind;
import io.seatline.tenancy.SeatOverview;
import io.seatline.tenancy.SeatService;
import io.seatline.tenancy.SeatLoginGuard;
import io.seatline.tenancy.TenantStatus;
import io.seatline.tenancy.internal.entity.SeatAssignmentEntity;
import io.seatline.tenancy.internal.entity.SeatEntity;
import io.seatline.tenancy.internal.entity.SharedSeatEntity;
import io.seatline.tenancy.internal.entity.TenantEntity;
import io.seatline.tenancy.internal.entity.UserEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;

@Component(service = SeatService.class)
public class SeatServiceImpl implements SeatService {
    public static final String AUTO = "auto";

    @Reference(target = "(osgi.unit.name=seatline-tenancy)")
    private EntityManagerFactory emf;
    @Reference
    private EventAdmin eventAdmin;
    @Reference
    private AuditService audit;
    @Reference
    private SeatReleaser releaser;
    /** Capabilities that may veto a login (e.g. telephony: the agent's phone must be registered). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<SeatLoginGuard> guards;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public SeatOverview overview() {
        Permissions.require("seats", "read");
        String tenant = TenantContext.requireTenant();
        return jpa.tenant(em -> {
            TenantEntity t = em.find(TenantEntity.class, tenant);
            if (t == null) {
                throw new NotFoundException("not_found", "tenant '" + tenant + "' not found");
            }
            Map<String, SeatAssignmentEntity> mine = new HashMap<>();
            em.createQuery("select a from SeatAssignmentEntity a", SeatAssignmentEntity.class).getResultList()
                .forEach(a -> mine.put(a.seatId, a));
            Map<String, String> logins = new HashMap<>();
            em.createQuery("select u from UserEntity u", UserEntity.class).getResultList().forEach(u -> logins.put(u.id, u.login));
            List<Seat> seats = new ArrayList<>();
            for (SeatEntity s : em.createQuery("select s from SeatEntity s order by s.seatNo", SeatEntity.class).getResultList()) {
                seats.add(seat(s.id, SeatKind.DEDICATED, tenant, mine.get(s.id), logins));
            }
            int sharedInUse = 0;
            for (SeatAssignmentEntity a : mine.values()) {
                if (a.kind == SeatKind.SHARED) {
                    sharedInUse++;
                    seats.add(seat(a.seatId, SeatKind.SHARED, null, a, logins));
                }
            }
            int dedicatedInUse = mine.size() - sharedInUse;
            int poolFree = (int) (poolSize(em) - occupiedSharedSeats(em).size());
            if (!TenantContext.current().operator()) {
                // a tenant learns what it can take now, not how busy the operator's pool is for everyone else
                poolFree = Math.max(0, Math.min(t.sharedSeats - sharedInUse, poolFree));
            }
            return new SeatOverview(tenant, t.dedicatedSeats, dedicatedInUse, t.sharedSeats, sharedInUse, poolFree, seats);
        });
    }

    private static Seat seat(String id, SeatKind kind, String tenant, SeatAssignmentEntity a, Map<String, String> logins) {
        return a == null ? new Seat(id, kind, tenant, null, null, null, false)
            : new Seat(id, kind, tenant, a.userId, logins.get(a.userId), a.startedAt, false);
    }

    @Override
    public Seat assign(String seatId, String userId) {
        String tenant = TenantContext.requireTenant();
        Permissions.requireSelfOr(userId, "seats", "write");
        if (seatId == null || seatId.isBlank()) {
            throw new ValidationException("required", "seatId is required", "seatId");
        }
        if (userId == null || userId.isBlank()) {
            throw new ValidationException("required", "userId is required", "userId");
        }
        List<SeatLoginGuard> vetoes = guards;
        if (vetoes != null) {
            vetoes.forEach(g -> g.beforeLogin(tenant, userId));
        }
        Seat seat;
        try {
            seat = jpa.tenant(em -> {
                // Lock the tenant row: logins of one tenant are serialised, so the allowance cannot be overrun.
                TenantEntity t = em.find(TenantEntity.class, tenant, LockModeType.PESSIMISTIC_WRITE);
                if (t == null) {
                    throw new NotFoundException("not_found", "tenant '" + tenant + "' not found");
                }
                if (t.status != TenantStatus.ACTIVE) {
                    throw new ForbiddenException("tenant_not_active", "tenant '" + tenant + "' is " + t.status + "; its agents cannot take seats");
                }
                UserEntity u = Jpa.get(em, UserEntity.class, userId, "user");
                if (!u.enabled) {
                    throw new ConflictException("user_disabled", "user " + u.login + " is disabled", "userId");
                }
                if (!u.roleSet().contains(Roles.AGENT)) {
                    throw new ValidationException("not_an_agent", "user " + u.login + " does not have the agent role", "userId");
                }
                requireTeamScope(em, u);
                Long seated = em.createQuery("select count(a) from SeatAssignmentEntity a where a.userId = :u", Long.class)
                    .setParameter("u", userId).getSingleResult();
                if (seated > 0) {
                    throw new ConflictException("agent_already_seated", "agent " + u.login + " is already logged into a seat", "userId");
                }
                String chosen;
                SeatKind kind;
                if (AUTO.equals(seatId)) {
                    chosen = firstFreeDedicated(em);
                    kind = SeatKind.DEDICATED;
                    if (chosen == null) {
                        requireSharedAllowance(em, t);
                        chosen = firstFreeShared(em);
                        kind = SeatKind.SHARED;
                    }
                } else if (seatId.startsWith("SH-")) {
                    if (em.find(SharedSeatEntity.class, seatId) == null) {
                        throw new NotFoundException("not_found", "seat '" + seatId + "' not found");
                    }
                    requireFree(em, seatId);
                    requireSharedAllowance(em, t);
                    chosen = seatId;
                    kind = SeatKind.SHARED;
                } else {
                    if (!seatId.startsWith(tenant + "-D")) {
                        // Decided from the id alone: looking the seat up would tell whether another tenant has it.
                        throw new ForbiddenException("seat_of_other_tenant", "seat '" + seatId + "' is not a seat of tenant " + tenant);
                    }
                    if (Jpa.find(em, SeatEntity.class, seatId) == null) {
                        throw new NotFoundException("not_found", "seat '" + seatId + "' not found");
                    }
                    requireFree(em, seatId);
                    chosen = seatId;
                    kind = SeatKind.DEDICATED;
                }
                SeatAssignmentEntity a = new SeatAssignmentEntity();
                a.seatId = chosen;
                a.kind = kind;
                a.userId = u.id;
                a.startedAt = TenantServiceImpl.now();
                em.persist(a);
                em.flush();
                return new Seat(chosen, kind, kind == SeatKind.DEDICATED ? tenant : null, u.id, u.login, a.startedAt, false);
            });
        } catch (PersistenceException e) {
            // Another login took the seat between our check and our insert (unique key on seat and on agent).
            throw new ConflictException("seat_occupied", "seat '" + seatId + "' was taken by a concurrent login", "seatId");
        }
        Audit.record(audit, tenant, "seat.assign", seat.id(), "agent " + seat.agentLogin());
        TenancyEvents.post(eventAdmin, SeatlineEvents.SEAT_TOPIC + "ASSIGNED", tenant,
            Map.of("seat.id", seat.id(), "seat.kind", seat.kind().name(), "user.id", seat.agentUserId()));
        return seat;
    }

    /**
     * The team tier of administration: a supervisor who leads teams (or belongs to one) acts only for agents of
     * those teams; tenant admins and the operator act for the whole tenant, and agents only for themselves
     * (checked by the REST layer). A supervisor in no team at all acts tenant-wide (small tenants have no teams).
     */
    static void requireTeamScope(EntityManager em, UserEntity agent) {
        io.seatline.core.CallContext ctx = TenantContext.current();
        if (ctx.operator() || ctx.roles().contains(Roles.TENANT_ADMIN) || !ctx.roles().contains(Roles.SUPERVISOR)
            || agent.id.equals(ctx.userId())) {
            return;
        }
        Set<String> teams = new HashSet<>(em.createQuery("select t.id from TeamEntity t where t.supervisorUserId = :me", String.class)
            .setParameter("me", ctx.userId()).getResultList());
        UserEntity me = Jpa.find(em, UserEntity.class, ctx.userId());
        if (me != null && me.teamId != null) {
            teams.add(me.teamId);
        }
        if (!teams.isEmpty() && (agent.teamId == null || !teams.contains(agent.teamId))) {
            throw new ForbiddenException("other_team", ctx.principal() + " supervises teams other than the one of agent " + agent.login);
        }
    }

    private static void requireFree(EntityManager em, String seatId) {
        // em.find ignores the tenant filter on purpose: a seat taken by any tenant is taken.
        if (em.find(SeatAssignmentEntity.class, seatId) != null) {
            throw new ConflictException("seat_occupied", "seat '" + seatId + "' is occupied", "seatId");
        }
    }

    private static void requireSharedAllowance(EntityManager em, TenantEntity t) {
        Long used = em.createQuery("select count(a) from SeatAssignmentEntity a where a.kind = :k", Long.class)
            .setParameter("k", SeatKind.SHARED).getSingleResult();
        if (used >= t.sharedSeats) {
            throw new ConflictException("seats_exhausted", "all seats of tenant '" + t.id + "' are in use ("
                + t.dedicatedSeats + " dedicated, " + t.sharedSeats + " shared)", "seatId");
        }
    }

    private static String firstFreeDedicated(EntityManager em) {
        List<String> free = em.createQuery("select s.id from SeatEntity s where not exists "
            + "(select a from SeatAssignmentEntity a where a.seatId = s.id) order by s.seatNo", String.class)
            .setMaxResults(1).getResultList();
        return free.isEmpty() ? null : free.get(0);
    }

    private static String firstFreeShared(EntityManager em) {
        Set<String> taken = new HashSet<>(occupiedSharedSeats(em));
        for (String id : em.createQuery("select s.id from SharedSeatEntity s order by s.seatNo", String.class).getResultList()) {
            if (!taken.contains(id)) {
                return id;
            }
        }
        throw new ConflictException("shared_pool_exhausted", "the operator's shared seat pool has no free seat", "seatId");
    }

    /**
     * Ids of shared seats taken by any tenant. Deliberately unscoped native SQL returning seat ids only: the
     * pool is shared, and a tenant must know which pool seats are free, not who holds them.
     */
    @SuppressWarnings("unchecked")
    private static List<String> occupiedSharedSeats(EntityManager em) {
        return em.createNativeQuery("select seat_id from sl_seat_assignment where kind = 'SHARED'").getResultList();
    }

    private static long poolSize(EntityManager em) {
        return em.createQuery("select count(s) from SharedSeatEntity s", Long.class).getSingleResult();
    }

    @Override
    public Seat release(String seatId) {
        String tenant = TenantContext.requireTenant();
        Permissions.requireAny("seats:write", "seats:self"); // a self caller only its own seat: checked on the occupant below
        Seat released = jpa.tenant(em -> {
            SeatAssignmentEntity a = Jpa.find(em, SeatAssignmentEntity.class, seatId);
            if (a == null) {
                throw new NotFoundException("seat_not_occupied", "no agent of this tenant is logged into seat '" + seatId + "'");
            }
            io.seatline.core.CallContext ctx = TenantContext.current();
            if (!ctx.isPermitted(Roles.perm(tenant, "seats", "write")) && !a.userId.equals(ctx.userId())) {
                throw new ForbiddenException("not_your_seat", ctx.principal() + " may only log itself out of a seat");
            }
            UserEntity agent = Jpa.find(em, UserEntity.class, a.userId);
            if (agent != null) {
                requireTeamScope(em, agent);
            }
            Seat s = new Seat(a.seatId, a.kind, tenant, a.userId, null, a.startedAt, false);
            releaser.end(em, a, null);
            return s;
        });
        Audit.record(audit, tenant, "seat.release", seatId, "agent " + released.agentUserId());
        TenancyEvents.post(eventAdmin, SeatlineEvents.SEAT_TOPIC + "RELEASED", tenant,
            Map.of("seat.id", seatId, "user.id", released.agentUserId(), "reason", "released"));
        return released;
    }

    @Override
    public int sharedPoolSize() {
        TenantContext.requireOperator();
        return jpa.operator(em -> (int) poolSize(em));
    }

    @Override
    public int resizeSharedPool(int size) {
        TenantContext.requireOperator();
        if (size < 0 || size > TenantServiceImpl.MAX_SEATS) {
            throw new ValidationException("out_of_range", "pool size must be between 0 and " + TenantServiceImpl.MAX_SEATS, "size");
        }
        int[] old = new int[1];
        int result = jpa.operator(em -> {
            List<SharedSeatEntity> seats = em.createQuery("select s from SharedSeatEntity s order by s.seatNo", SharedSeatEntity.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            old[0] = seats.size();
            Set<String> taken = new HashSet<>(occupiedSharedSeats(em));
            for (SharedSeatEntity s : seats) {
                if (s.seatNo > size && taken.contains(s.id)) {
                    throw new ConflictException("seats_in_use", "shared seat " + s.id + " is in use", "size");
                }
            }
            for (SharedSeatEntity s : seats) {
                if (s.seatNo > size) {
                    em.remove(s);
                }
            }
            for (int no = seats.size() + 1; no <= size; no++) {
                SharedSeatEntity s = new SharedSeatEntity();
                s.id = SharedSeatEntity.idFor(no);
                s.seatNo = no;
                em.persist(s);
            }
            return size;
        });
        audit.record("pool.resize", "shared-pool", old[0] + " -> " + size);
        return result;
    }
}
