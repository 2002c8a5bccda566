package io.seatline.security.internal;

import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.Page;
import io.seatline.core.TenantContext;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditEntry;
import io.seatline.security.AuditService;
import io.seatline.security.internal.entity.AuditEntity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.persistence.EntityManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Component(service = AuditService.class)
public class AuditServiceImpl implements AuditService {
    private static final Logger LOG = LoggerFactory.getLogger("io.seatline.audit");

    @Reference(target = "(osgi.unit.name=seatline-security)")
    private EntityManagerFactory emf;

    private Jpa jpa;

    @Activate
    void activate() {
        jpa = new Jpa(emf);
    }

    @Override
    public void record(String action, String target, String detail) {
        CallContext ctx = TenantContext.current();
        AuditEntity e = new AuditEntity();
        e.id = UUID.randomUUID().toString();
        e.actor = cut(ctx.principal(), 200);
        e.action = cut(action, 64);
        e.target = cut(target, 200);
        e.detail = cut(detail, 1000);
        e.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // The log line comes first and is a second audit sink: the action it records has already committed, so a
        // failure to store the row must not turn that committed change into an error for the caller.
        LOG.info("tenant={} actor={} action={} target={} detail={}", ctx.tenantId(), e.actor, e.action, e.target, e.detail);
        try {
            if (ctx.tenantId() != null) {
                jpa.tenant(em -> { em.persist(e); return null; });
            } else {
                jpa.operator(em -> { em.persist(e); return null; });
            }
        } catch (RuntimeException ex) {
            LOG.error("AUDIT ROW NOT STORED (kept in this log only): tenant={} actor={} action={} target={}: {}", ctx.tenantId(), e.actor,
                e.action, e.target, ex.toString());
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public Page<AuditEntry> list(Filter filter, int offset, int limit) {
        Permissions.require("audit", "read");
        return jpa.tenant(em -> page(em, filter, offset, limit));
    }

    @Override
    public Page<AuditEntry> listOperator(Filter filter, int offset, int limit) {
        TenantContext.requireOperator();
        return jpa.operator(em -> page(em, filter, offset, limit));
    }

    /** The entries matching the filter (the session's tenant filter decides whose), newest first. */
    private static Page<AuditEntry> page(javax.persistence.EntityManager em, Filter filter, int offset, int limit) {
        Filter f = filter == null ? Filter.ALL : filter;
        StringBuilder where = new StringBuilder(" where 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (f.action() != null && !f.action().isBlank()) {
            where.append(" and lower(a.action) like :action escape '!'");
            params.put("action", like(f.action().strip().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (f.actor() != null && !f.actor().isBlank()) {
            where.append(" and lower(a.actor) like :actor escape '!'");
            params.put("actor", "%" + like(f.actor().strip().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (f.text() != null && !f.text().isBlank()) {
            where.append(" and (lower(a.target) like :text escape '!' or lower(a.detail) like :text escape '!')");
            params.put("text", "%" + like(f.text().strip().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (f.from() != null) {
            where.append(" and a.at >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            where.append(" and a.at < :to");
            params.put("to", f.to());
        }
        var items = em.createQuery("select a from AuditEntity a" + where + " order by a.at desc, a.id", AuditEntity.class);
        var count = em.createQuery("select count(a) from AuditEntity a" + where, Long.class);
        params.forEach((k, v) -> {
            items.setParameter(k, v);
            count.setParameter(k, v);
        });
        return new Page<>(items.setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(AuditEntity::toDto).toList(),
            count.getSingleResult(), offset, limit);
    }

    /** A LIKE pattern's literal part: its wildcards and the escape character escaped with '!'. */
    static String like(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
