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
import java.util.List;

/** The tenants' and the operator's do-not-call lists. One part of {@link DialerServiceImpl}. */
final class DncPart extends DialerPart {
    DncPart(DialerServiceImpl owner) {
        super(owner);
    }

    public List<DncEntry> dnc(int offset, int limit) {
        Permissions.require("dnc", "read");
        return jpa.tenant(em -> em.createQuery("select d from DncEntity d order by d.addedAt desc", DncEntity.class).setFirstResult(offset)
            .setMaxResults(limit).getResultList().stream().map(d -> new DncEntry(d.phone, "TENANT", d.reason, d.addedBy, d.addedAt)).toList());
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

    public List<DncEntry> operatorDnc(int offset, int limit) {
        requireOperatorOnly();
        return jpa.operator(em -> em.createQuery("select d from DncEntity d where d.tenantId is null order by d.addedAt desc", DncEntity.class)
            .setFirstResult(offset).setMaxResults(limit).getResultList().stream()
            .map(d -> new DncEntry(d.phone, "OPERATOR", d.reason, d.addedBy, d.addedAt)).toList());
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
