package io.seatline.tenancy.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.Validation;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.tenancy.SeatKind;
import io.seatline.tenancy.SeatRentalChange;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantSpec;
import io.seatline.tenancy.TenantStatus;
import io.seatline.tenancy.internal.entity.SeatEntity;
import io.seatline.tenancy.internal.entity.SeatRentalChangeEntity;
import io.seatline.tenancy.internal.entity.TenantEntity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

@Component(service = {TenantService.class, io.seatline.tenancy.TenantDirectory.class})
public class TenantServiceImpl implements TenantService, io.seatline.tenancy.TenantDirectory {
    static final int MAX_SEATS = 10_000;
    static final String FILE_REMOVED = "tenant file removed";

    @Reference(target = "(osgi.unit.name=seatline-tenancy)")
    private EntityManagerFactory emf;
    @Reference
    private EventAdmin eventAdmin;
    @Reference
    private AuditService audit;
    @Reference
    private SeatReleaser seatReleaser;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public Tenant create(TenantSpec spec) {
        TenantContext.requireOperator();
        TenantEntity t = newTenant(spec, "api");
        Tenant created = jpa.operator(em -> {
            if (em.find(TenantEntity.class, t.id) != null) {
                throw new ConflictException("tenant_exists", "tenant '" + t.id + "' already exists", "id");
            }
            em.persist(t);
            setSeats(em, t, t.dedicatedSeats, t.sharedSeats, 0, 0, "tenant created");
            return t.toDto();
        });
        Audit.record(audit, created.id(), "tenant.create", created.id(), describe(created));
        changed(SeatlineEvents.TENANT_TOPIC + "CREATED", created.id(), seatProps(created));
        return created;
    }

    @Override
    public Tenant update(String id, TenantSpec spec) {
        TenantContext.requireOperator();
        Tenant before = get(id);
        Tenant after = jpa.operator(em -> apply(em, id, spec, "api"));
        Audit.record(audit, id, "tenant.update", id, diff(before, after));
        changed(SeatlineEvents.TENANT_TOPIC + "UPDATED", id, seatProps(after));
        seatEvent(before, after);
        return after;
    }

    @Override
    public Tenant provision(TenantSpec spec, String source) {
        TenantContext.requireOperator();
        String id = Validation.tenantId(spec.id(), "tenant.id");
        TenantEntity candidate = newTenant(spec, source);
        Tenant[] before = new Tenant[1];
        Tenant result = jpa.operator(em -> {
            TenantEntity existing = em.find(TenantEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (existing == null) {
                em.persist(candidate);
                setSeats(em, candidate, candidate.dedicatedSeats, candidate.sharedSeats, 0, 0, "provisioned from " + source);
                return candidate.toDto();
            }
            before[0] = existing.toDto();
            if (existing.status == TenantStatus.CLOSED) {
                throw new ConflictException("tenant_closed", "tenant '" + id + "' is closed; its file is ignored");
            }
            Tenant updated = apply(em, id, spec, source);
            if (existing.status == TenantStatus.SUSPENDED && existing.statusReason != null
                && existing.statusReason.startsWith(FILE_REMOVED)) {
                // The tenant was suspended only because its file disappeared; the file is back.
                existing.status = TenantStatus.ACTIVE;
                existing.statusReason = null;
                updated = existing.toDto();
            }
            return updated;
        });
        if (before[0] == null) {
            Audit.record(audit, id, "tenant.provision", id, "from " + source + ": " + describe(result));
            changed(SeatlineEvents.TENANT_TOPIC + "CREATED", id, seatProps(result));
        } else if (!sameConfig(before[0], result)) {
            Audit.record(audit, id, "tenant.reconfigure", id, "from " + source + ": " + diff(before[0], result));
            changed(SeatlineEvents.TENANT_TOPIC + "UPDATED", id, seatProps(result));
            seatEvent(before[0], result);
        }
        return result;
    }

    @Override
    public Tenant get(String id) {
        CallContext ctx = TenantContext.current();
        if (!ctx.operator() && !Objects.equals(ctx.tenantId(), id)) {
            throw new NotFoundException("not_found", "tenant '" + id + "' not found");
        }
        return TenantContext.call(ctx.withTenant(id), () -> {
            Permissions.require("tenant", "read");
            return jpa.tenant(em -> load(em, id).toDto());
        });
    }

    /** The trusted internal read ({@link io.seatline.tenancy.TenantDirectory}): the record, for other capabilities' own work. */
    @Override
    public Tenant tenant(String tenantId) {
        long now = System.nanoTime();
        Known known = directory.get(tenantId);
        // a read is used only while no change on this node committed since it began (it may predate the change)
        if (known != null && now - known.readAt < DIRECTORY_TTL_NANOS && known.generation == changes.get()) {
            return known.tenant;
        }
        long generation = changes.get();
        Tenant t = TenantContext.call(CallContext.operator("tenant-directory").withTenant(tenantId), () -> jpa.tenant(em -> load(em, tenantId).toDto()));
        directory.put(tenantId, new Known(t, now, generation));
        return t;
    }

    /** A tenant as {@link #tenant} last read it, and the count of local changes when that read began. */
    private record Known(Tenant tenant, long readAt, long generation) {
    }

    /**
     * The directory's reads, kept for a second: telephony, billing and CRM ask for a tenant on every call. A change made
     * on this node is seen at once (it clears them); one made on another node of a cluster within the second.
     */
    private final Map<String, Known> directory = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private static final long DIRECTORY_TTL_NANOS = 1_000_000_000L;

    /** After a change to a tenant committed: the directory reads it again, then the change is announced. */
    private void changed(String topic, String tenantId, Map<String, Object> props) {
        changes.incrementAndGet();
        directory.clear();
        TenancyEvents.post(eventAdmin, topic, tenantId, props);
    }

    /** The fields the tenant list sorts by. */
    private static final Map<String, String> TENANT_SORT = io.seatline.core.Sort.columns("id", "t.id", "name", "lower(t.displayName)",
        "status", "t.status", "seats", "t.dedicatedSeats", "created", "t.createdAt");

    @Override
    public Page<Tenant> list(TenantStatus status, String text, io.seatline.core.Sort sort, int offset, int limit) {
        TenantContext.requireOperator();
        String order = io.seatline.core.Sort.orderBy(sort, TENANT_SORT, "t.id", "t.id");
        String like = Search.like(text);
        return jpa.operator(em -> {
            String where = " where 1 = 1" + (status == null ? "" : " and t.status = :status")
                + (like == null ? "" : " and (lower(t.id) like :t escape '!' or lower(t.displayName) like :t escape '!')");
            TypedQuery<TenantEntity> q = em.createQuery("select t from TenantEntity t" + where + order, TenantEntity.class);
            TypedQuery<Long> c = em.createQuery("select count(t) from TenantEntity t" + where, Long.class);
            if (status != null) {
                q.setParameter("status", status);
                c.setParameter("status", status);
            }
            if (like != null) {
                q.setParameter("t", like);
                c.setParameter("t", like);
            }
            List<Tenant> items = q.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(TenantEntity::toDto).toList();
            return new Page<>(items, c.getSingleResult(), offset, limit);
        });
    }

    @Override
    public Tenant suspend(String id, String reason) {
        return changeStatus(id, TenantStatus.SUSPENDED, reason, "SUSPENDED");
    }

    @Override
    public Tenant resume(String id) {
        return changeStatus(id, TenantStatus.ACTIVE, null, "RESUMED");
    }

    @Override
    public Tenant close(String id, String reason) {
        return changeStatus(id, TenantStatus.CLOSED, reason, "CLOSED");
    }

    private Tenant changeStatus(String id, TenantStatus to, String reason, String eventType) {
        TenantContext.requireOperator();
        String why = Validation.maxLength(reason, "reason", 500);
        List<io.seatline.tenancy.internal.entity.SeatAssignmentEntity> released = new java.util.ArrayList<>();
        String releaseWhy = "tenant " + to.name().toLowerCase();
        Tenant[] before = new Tenant[1];
        Tenant result = jpa.operator(em -> {
            TenantEntity t = em.find(TenantEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (t == null) {
                throw new NotFoundException("not_found", "tenant '" + id + "' not found");
            }
            before[0] = t.toDto();
            if (t.status == TenantStatus.CLOSED) {
                throw new ConflictException("tenant_closed", "tenant '" + id + "' is closed");
            }
            if (t.status == to) {
                return t.toDto();
            }
            if (to == TenantStatus.ACTIVE && t.status != TenantStatus.SUSPENDED) {
                throw new ConflictException("invalid_transition", "tenant '" + id + "' is " + t.status);
            }
            t.status = to;
            t.statusReason = why;
            t.updatedAt = now();
            if (to != TenantStatus.ACTIVE) {
                released.addAll(seatReleaser.releaseAll(em, id, releaseWhy));
            }
            return t.toDto();
        });
        if (before[0].status() != to) {
            seatReleaser.posted(id, released, releaseWhy);
            Audit.record(audit, id, "tenant." + eventType.toLowerCase(), id,
                (why == null ? "" : "reason: " + why + "; ") + "agents logged out: " + released.size());
            changed(SeatlineEvents.TENANT_TOPIC + eventType, id,
                Map.of("status", to.name(), "reason", why == null ? "" : why));
        }
        return result;
    }

    @Override
    public List<SeatRentalChange> seatHistory(String id) {
        Permissions.require("seats", "history");
        return TenantContext.within(id, () -> jpa.tenant(em -> {
            load(em, id);
            return em.createQuery("select c from SeatRentalChangeEntity c order by c.changedAt, c.id", SeatRentalChangeEntity.class)
                .getResultList().stream().map(SeatRentalChangeEntity::toDto).toList();
        }));
    }

    private static TenantEntity load(EntityManager em, String id) {
        TenantEntity t = em.find(TenantEntity.class, id);
        if (t == null) {
            throw new NotFoundException("not_found", "tenant '" + id + "' not found");
        }
        return t;
    }

    private TenantEntity newTenant(TenantSpec spec, String source) {
        TenantEntity t = new TenantEntity();
        t.id = Validation.tenantId(spec.id(), "id");
        t.displayName = Validation.required(spec.displayName(), "displayName", 200);
        t.timezone = Validation.zone(spec.timezone() == null ? "UTC" : spec.timezone(), "timezone");
        t.locale = Validation.locale(spec.locale() == null ? "en" : spec.locale(), "locale");
        t.contactName = Validation.maxLength(spec.contactName(), "contactName", 200);
        t.contactEmail = Validation.email(spec.contactEmail(), "contactEmail");
        t.contactPhone = Validation.maxLength(spec.contactPhone(), "contactPhone", 40);
        t.planRef = Validation.maxLength(spec.planRef(), "planRef", 64);
        t.dedicatedSeats = Validation.nonNegative(spec.dedicatedSeats() == null ? 0 : spec.dedicatedSeats(), "dedicatedSeats", MAX_SEATS);
        t.sharedSeats = Validation.nonNegative(spec.sharedSeats() == null ? 0 : spec.sharedSeats(), "sharedSeats", MAX_SEATS);
        t.status = TenantStatus.ACTIVE;
        t.source = source;
        t.createdAt = now();
        t.updatedAt = t.createdAt;
        return t;
    }

    /** Applies the non-null fields of {@code spec}; validates everything before changing anything. */
    private Tenant apply(EntityManager em, String id, TenantSpec spec, String source) {
        if (spec.id() != null && !spec.id().equals(id)) {
            throw new ValidationException("id_immutable", "a tenant's id cannot be changed", "id");
        }
        TenantEntity t = em.find(TenantEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            throw new NotFoundException("not_found", "tenant '" + id + "' not found");
        }
        if (t.status == TenantStatus.CLOSED) {
            throw new ConflictException("tenant_closed", "tenant '" + id + "' is closed");
        }
        String displayName = spec.displayName() == null ? t.displayName : Validation.required(spec.displayName(), "displayName", 200);
        String zone = spec.timezone() == null ? t.timezone : Validation.zone(spec.timezone(), "timezone");
        String locale = spec.locale() == null ? t.locale : Validation.locale(spec.locale(), "locale");
        String email = spec.contactEmail() == null ? t.contactEmail : Validation.email(spec.contactEmail(), "contactEmail");
        int dedicated = spec.dedicatedSeats() == null ? t.dedicatedSeats : Validation.nonNegative(spec.dedicatedSeats(), "dedicatedSeats", MAX_SEATS);
        int shared = spec.sharedSeats() == null ? t.sharedSeats : Validation.nonNegative(spec.sharedSeats(), "sharedSeats", MAX_SEATS);
        String contactName = spec.contactName() == null ? t.contactName : Validation.maxLength(spec.contactName(), "contactName", 200);
        String contactPhone = spec.contactPhone() == null ? t.contactPhone : Validation.maxLength(spec.contactPhone(), "contactPhone", 40);
        String plan = spec.planRef() == null ? t.planRef : Validation.maxLength(spec.planRef(), "planRef", 64);

        int oldDedicated = t.dedicatedSeats;
        int oldShared = t.sharedSeats;
        setSeats(em, t, dedicated, shared, oldDedicated, oldShared, "changed via " + source);
        boolean changed = !Objects.equals(displayName, t.displayName) || !Objects.equals(zone, t.timezone)
            || !Objects.equals(locale, t.locale) || !Objects.equals(email, t.contactEmail)
            || !Objects.equals(contactName, t.contactName) || !Objects.equals(contactPhone, t.contactPhone)
            || !Objects.equals(plan, t.planRef) || dedicated != oldDedicated || shared != oldShared;
        t.displayName = displayName;
        t.timezone = zone;
        t.locale = locale;
        t.contactEmail = email;
        t.contactName = contactName;
        t.contactPhone = contactPhone;
        t.planRef = plan;
        t.dedicatedSeats = dedicated;
        t.sharedSeats = shared;
        if (changed) {
            t.source = source;
            t.updatedAt = now();
        }
        return t.toDto();
    }

    /**
     * Brings the seat rows and counts to the wanted numbers and records each change for billing. Seats in
     * use are never taken away: shrinking below what is occupied is a conflict.
     */
    private void setSeats(EntityManager em, TenantEntity t, int dedicated, int shared, int oldDedicated, int oldShared,
                          String reason) {
        Jpa.inTenant(em, t.id, () -> {
            if (dedicated < oldDedicated) {
                Long busy = em.createQuery("select count(a) from SeatAssignmentEntity a, SeatEntity s "
                        + "where a.seatId = s.id and s.seatNo > :n", Long.class).setParameter("n", dedicated).getSingleResult();
                if (busy > 0) {
                    throw new ConflictException("seats_in_use", busy + " of the dedicated seats to remove are in use; log those agents out first",
                        "dedicatedSeats");
                }
                em.createQuery("select s from SeatEntity s where s.seatNo > :n", SeatEntity.class).setParameter("n", dedicated)
                    .getResultList().forEach(em::remove);
            }
            for (int no = oldDedicated + 1; no <= dedicated; no++) {
                SeatEntity s = new SeatEntity();
                s.id = SeatEntity.idFor(t.id, no);
                s.seatNo = no;
                s.setTenantId(t.id);
                em.persist(s);
            }
            if (shared < oldShared) {
                Long inUse = em.createQuery("select count(a) from SeatAssignmentEntity a where a.kind = :k", Long.class)
                    .setParameter("k", SeatKind.SHARED).getSingleResult();
                if (inUse > shared) {
                    throw new ConflictException("seats_in_use", inUse + " shared seats are in use; cannot lower the allowance to " + shared,
                        "sharedSeats");
                }
            }
            record(em, t.id, SeatKind.DEDICATED, oldDedicated, dedicated, reason);
            record(em, t.id, SeatKind.SHARED, oldShared, shared, reason);
            return null;
        });
    }

    private static void record(EntityManager em, String tenant, SeatKind kind, int from, int to, String reason) {
        if (from == to) {
            return;
        }
        SeatRentalChangeEntity c = new SeatRentalChangeEntity();
        c.id = UUID.randomUUID().toString();
        c.setTenantId(tenant);
        c.kind = kind;
        c.oldCount = from;
        c.newCount = to;
        c.changedAt = now();
        c.changedBy = TenantContext.current().principal();
        c.reason = reason;
        em.persist(c);
    }

    private void seatEvent(Tenant before, Tenant after) {
        if (before.dedicatedSeats() != after.dedicatedSeats() || before.sharedSeats() != after.sharedSeats()) {
            Audit.record(audit, after.id(), "seats.rental", after.id(), "dedicated " + before.dedicatedSeats() + " -> "
                + after.dedicatedSeats() + ", shared " + before.sharedSeats() + " -> " + after.sharedSeats());
            changed(SeatlineEvents.SEAT_TOPIC + "RENTAL_CHANGED", after.id(), Map.of(
                "dedicated.old", before.dedicatedSeats(), "dedicated", after.dedicatedSeats(),
                "shared.old", before.sharedSeats(), "shared", after.sharedSeats()));
        }
    }

    private static Map<String, Object> seatProps(Tenant t) {
        return Map.of("status", t.status().name(), "dedicated", t.dedicatedSeats(), "shared", t.sharedSeats(),
            "displayName", t.displayName());
    }

    private static boolean sameConfig(Tenant a, Tenant b) {
        return a.status() == b.status() && Objects.equals(a.displayName(), b.displayName()) && Objects.equals(a.timezone(), b.timezone())
            && Objects.equals(a.locale(), b.locale()) && Objects.equals(a.contactName(), b.contactName())
            && Objects.equals(a.contactEmail(), b.contactEmail()) && Objects.equals(a.contactPhone(), b.contactPhone())
            && Objects.equals(a.planRef(), b.planRef()) && a.dedicatedSeats() == b.dedicatedSeats() && a.sharedSeats() == b.sharedSeats();
    }

    private static String describe(Tenant t) {
        return "name=" + t.displayName() + ", tz=" + t.timezone() + ", locale=" + t.locale() + ", dedicated=" + t.dedicatedSeats()
            + ", shared=" + t.sharedSeats() + ", plan=" + t.planRef();
    }

    private static String diff(Tenant a, Tenant b) {
        StringBuilder sb = new StringBuilder();
        diff(sb, "displayName", a.displayName(), b.displayName());
        diff(sb, "timezone", a.timezone(), b.timezone());
        diff(sb, "locale", a.locale(), b.locale());
        diff(sb, "contactName", a.contactName(), b.contactName());
        diff(sb, "contactEmail", a.contactEmail(), b.contactEmail());
        diff(sb, "contactPhone", a.contactPhone(), b.contactPhone());
        diff(sb, "planRef", a.planRef(), b.planRef());
        diff(sb, "dedicatedSeats", a.dedicatedSeats(), b.dedicatedSeats());
        diff(sb, "sharedSeats", a.sharedSeats(), b.sharedSeats());
        diff(sb, "status", a.status(), b.status());
        return sb.length() == 0 ? "no change" : sb.toString();
    }

    private static void diff(StringBuilder sb, String field, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            sb.append(sb.length() == 0 ? "" : ", ").append(field).append(": ").append(a).append(" -> ").append(b);
        }
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
