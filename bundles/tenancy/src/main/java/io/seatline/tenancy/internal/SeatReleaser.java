package io.seatline.tenancy.internal;

import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.persistence.Jpa;
import io.seatline.tenancy.internal.entity.SeatAssignmentEntity;
import io.seatline.tenancy.internal.entity.SeatSessionEntity;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.persistence.EntityManager;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;

/** Ends seat logins, keeping a session row for each; shared by seat release and tenant suspension. */
@Component(service = SeatReleaser.class)
public class SeatReleaser {
    @Reference
    private EventAdmin eventAdmin;

    /** Ends one login inside a tenant-scoped transaction. */
    void end(EntityManager em, SeatAssignmentEntity a, String why) {
        SeatSessionEntity s = new SeatSessionEntity();
        s.id = UUID.randomUUID().toString();
        s.setTenantId(a.getTenantId());
        s.seatId = a.seatId;
        s.kind = a.kind;
        s.userId = a.userId;
        s.startedAt = a.startedAt;
        s.endedAt = TenantServiceImpl.now();
        s.endedBy = TenantContext.current().principal() + (why == null ? "" : " (" + why + ")");
        em.persist(s);
        em.remove(a);
    }

    /**
     * Logs every agent of {@code tenant} out of its seat (operator work, e.g. suspension) and returns the ended
     * logins; the caller posts them with {@link #posted} once its transaction has committed.
     */
    List<SeatAssignmentEntity> releaseAll(EntityManager em, String tenant, String why) {
        return Jpa.inTenant(em, tenant, () -> {
            List<SeatAssignmentEntity> list = em.createQuery("select a from SeatAssignmentEntity a", SeatAssignmentEntity.class)
                .getResultList();
            list.forEach(a -> end(em, a, why));
            return list;
        });
    }

    /** Publishes RELEASED events for logins ended by a transaction that has committed. */
    void posted(String tenant, List<SeatAssignmentEntity> ended, String why) {
        ended.forEach(a -> TenancyEvents.post(eventAdmin, SeatlineEvents.SEAT_TOPIC + "RELEASED", tenant,
            Map.of("seat.id", a.seatId, "user.id", a.userId, "reason", why)));
    }
}
