package io.seatline.dialer.internal;

import io.seatline.dialer.DialerService.*;
import io.seatline.core.Permissions;
import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.TenantContext;
import io.seatline.dialer.DncEntry;
import io.seatline.dialer.internal.entity.DncEntity;
import io.seatline.persistence.Jpa;
import io.seatline.core.Page;
import io.seatline.core.ValidationException;
import java.util.List;
import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

/** The tenants' and the operator's do-not-call lists. One part of {@link DialerServiceImpl}. */
final class DncPart extends DialerPart {
    DncPart(DialerServiceImpl owner) {
        super(owner);
    }

    public Page<DncEntry> dnc(String number, int offset, int limit) {
        Permissions.require("dnc", "read");
        return jpa.tenant(em -> page(em, "select d from DncEntity d where 1 = 1", number, "TENANT", offset, limit));
    }

    /**
     * One page of a DNC list, newest first, narrowed to numbers holding {@code number}'s digits (if any), with its total.
     * @throws ValidationException {@code invalid_number} when {@code number} is given but holds no digit
     */
    private static Page<DncEntry> page(EntityManager em, String select, String number, String scope, int offset, int limit) {
        String digits = number == null ? "" : number.replaceAll("[^0-9]", "");
        if (number != null && !number.isBlank() && digits.isEmpty()) {
            throw new ValidationException("invalid_number", "number is searched by its digits; this one has none", "number");
        }
        String where = digits.isEmpty() ? "" : " and d.phone like :p";
        TypedQuery<DncEntity> rows = em.createQuery(select + where + " order by d.addedAt desc, d.id", DncEntity.class);
        TypedQuery<Long> count = em.createQuery(select.replace("select d ", "select count(d) ") + where, Long.class);
        if (!digits.isEmpty()) {
            rows.setParameter("p", "%" + digits + "%");
            count.setParameter("p", "%" + digits + "%");
        }
        List<DncEntry> items = rows.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
            .map(d -> new DncEntry(d.phone, scope, d.reason, d.addedBy, d.addedAt)).toList();
        return new Page<>(items, count.getSingleResult(), offset, limit);
    }




    public void removeDnc(String phone) {
        Permissions.require("dnc", "write");
        String e164 = dncNumber(phone);
        int n = jpa.tenant(em -> Jpa.bulk(em, "delete from DncEntity d where d.phone = :p").setParameter("p", e164).executeUpdate());
        if (n == 0) {
            throw new NotFoundException("not_found", e164 + " is not on the tenant's DNC list");
        }
        audit.record("dnc.remove", e164, null);
    }

    public Page<DncEntry> operatorDnc(String number, int offset, int limit) {
        requireOperatorOnly();
        return jpa.operator(em -> page(em, "select d from DncEntity d where d.tenantId is null", number, "OPERATOR", offset, limit));
    }

    public DncEntry addOperatorDnc(String phone, String reason) {
        requireOperatorOnly();
        String e164 = dncNumber(phone);
        DncEntry e = jpa.operator(em -> addDnc(em, e164, reason, TenantContext.current().principal(), null));
        audit.record("dnc.operator.add", e164, reason);
        return e;
    }

    public void removeOperatorDnc(String phone) {
        requireOperatorOnly();
        String e164 = dncNumber(phone);
        int n = jpa.operator(em -> Jpa.operatorBulk(em, "delete from DncEntity d where d.phone = :p and d.tenantId is null").setParameter("p", e164)
            .executeUpdate());
        if (n == 0) {
            throw new NotFoundException("not_found", e164 + " is not on the operator's DNC list");
        }
        audit.record("dnc.operator.remove", e164, null);
    }

    static void requireOperatorOnly() {
        CallContext c = TenantContext.requireOperator();
        if (c.tenantId() != null) {
            throw new ForbiddenException("operator_only", "the operator-wide DNC list is managed outside any tenant");
        }
    }
}
