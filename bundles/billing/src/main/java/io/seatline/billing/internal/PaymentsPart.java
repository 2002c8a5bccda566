package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PaymentEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.tenancy.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import javax.persistence.LockModeType;

/** Payments, allocation and the tenants' statements. One part of {@link BillingServiceImpl}. */
final class PaymentsPart extends BillingPart {
    PaymentsPart(BillingServiceImpl owner) {
        super(owner);
    }

    public Payment pay(String invoiceId, BigDecimal amount, LocalDate paidOn, String reference) {
        CallContext who = staff();
        if (amount == null || amount.signum() <= 0) {
            throw new ValidationException("invalid_amount", "amount: more than zero", "amount");
        }
        if (paidOn == null) {
            throw new ValidationException("required", "paidOn: the day the money arrived", "paidOn");
        }
        Payment p = db(em -> {
            InvoiceEntity i = em.find(InvoiceEntity.class, invoiceId == null ? "" : invoiceId, LockModeType.PESSIMISTIC_WRITE);
            if (i == null) {
                throw new NotFoundException("not_found", "invoice '" + invoiceId + "' not found");
            }
            if (!"ISSUED".equals(i.status) || !"INVOICE".equals(i.kind)) {
                throw new ConflictException("not_issued", "payments are recorded against issued invoices");
            }
            int minor = Currency.getInstance(i.currency).getDefaultFractionDigits();
            if (amount.stripTrailingZeros().scale() > minor) {
                throw new ValidationException("invalid_amount", "amount has more than " + minor + " decimals for " + i.currency, "amount");
            }
            Invoice api = InvoicesPart.withMoney(em, List.of(i)).get(0);
            if (amount.compareTo(api.balance()) > 0) {
                throw new ValidationException("overpayment", "amount " + amount.toPlainString() + " is more than the balance of " + i.number + " ("
                    + api.balance().toPlainString() + " " + i.currency + ")", "amount");
            }
            PaymentEntity e = new PaymentEntity();
            e.id = UUID.randomUUID().toString();
            e.setTenantId(i.getTenantId());
            e.invoiceId = i.id;
            e.amount = amount.setScale(minor);
            e.currency = i.currency;
            e.paidOn = paidOn;
            e.reference = Rating.clip(blank(reference), 200);
            e.recordedAt = Instant.now();
            e.recordedBy = who.principal();
            em.persist(e);
            return toApi(e, i.number);
        });
        audited(p.tenantId(), "payment.record", p.invoiceNumber(), p.amount().toPlainString() + " " + p.currency() + " ref=" + p.reference());
        return p;
    }

    public List<Payment> payments(String tenant) {
        reader(tenant);
        return db(em -> em.createQuery("select p, i.number from PaymentEntity p, InvoiceEntity i where i.id = p.invoiceId and p.tenantId = :t "
            + "order by p.paidOn, p.recordedAt", Object[].class).setParameter("t", tenant).getResultStream()
            .map(r -> toApi((PaymentEntity) r[0], (String) r[1])).toList());
    }

    public Balance balance(String tenant) {
        reader(tenant);
        Tenant t = tenant(tenant);
        LocalDate today = LocalDate.now(clock().withZone(zone(t)));
        return db(em -> {
            ProfileEntity p = em.find(ProfileEntity.class, tenant);
            List<Invoice> issued = InvoicesPart.withMoney(em, em.createQuery("select i from InvoiceEntity i where i.tenantId = :t and i.status = 'ISSUED' "
                + "and i.kind = 'INVOICE'", InvoiceEntity.class).setParameter("t", tenant).getResultList());
            BigDecimal invoiced = BigDecimal.ZERO;
            BigDecimal credited = BigDecimal.ZERO;
            BigDecimal paid = BigDecimal.ZERO;
            BigDecimal overdue = BigDecimal.ZERO;
            int late = 0;
            for (Invoice i : issued) {
                invoiced = invoiced.add(i.total());
                credited = credited.add(i.credited());
                paid = paid.add(i.paid());
                if (i.balance().signum() > 0 && i.dueOn() != null && i.dueOn().isBefore(today)) {
                    overdue = overdue.add(i.balance());
                    late++;
                }
            }
            return new Balance(tenant, p == null ? null : p.currency, invoiced, credited, paid, invoiced.subtract(credited).subtract(paid), overdue, late);
        });
    }

    public List<Invoice> overdue(LocalDate asOf) {
        staff();
        LocalDate day = asOf != null ? asOf : LocalDate.now(clock());
        return db(em -> InvoicesPart.withMoney(em, em.createQuery("select i from InvoiceEntity i where i.status = 'ISSUED' and i.kind = 'INVOICE' "
            + "and i.dueOn < :d order by i.dueOn, i.number", InvoiceEntity.class).setParameter("d", day).getResultList()).stream()
            .filter(i -> i.balance().signum() > 0).toList());
    }
}
