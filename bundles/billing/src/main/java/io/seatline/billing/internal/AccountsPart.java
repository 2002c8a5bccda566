package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.entity.ChargeEntity;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.NotFoundException;
import io.seatline.core.ValidationException;
import io.seatline.tenancy.Tenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.persistence.EntityManager;

/** Tenants' billing accounts: profiles, plan assignments, charges and discounts, usage. One part of {@link BillingServiceImpl}. */
final class AccountsPart extends BillingPart {
    AccountsPart(BillingServiceImpl owner) {
        super(owner);
    }

    public List<BillingAccountService.AccountSummary> accounts() {
        staff();
        List<ProfileEntity> profiles = db(em -> em.createQuery("select p from ProfileEntity p order by p.id", ProfileEntity.class).getResultList());
        return profiles.stream().map(p -> {
            String name;
            try {
                name = tenant(p.id).displayName();
            } catch (NotFoundException gone) {
                name = null; // a company removed since: its invoices stay billable and payable
            }
            return new BillingAccountService.AccountSummary(p.id, name, p.legalName, p.currency);
        }).toList();
    }

    public Profile profile(String tenant) {
        reader(tenant);
        return db(em -> {
            ProfileEntity p = em.find(ProfileEntity.class, tenant);
            if (p == null) {
                tenant(tenant);
                throw new NotFoundException("no_profile", "tenant '" + tenant + "' has no billing profile yet");
            }
            return toApi(p);
        });
    }

    public Profile saveProfile(String tenant, Profile spec) {
        staff();
        Tenant t = tenant(tenant);
        if (spec == null) {
            throw new ValidationException("body_required", "a billing profile is required", null);
        }
        String currency = currency(spec.currency(), "currency");
        BigDecimal rate = spec.taxRate() == null ? BigDecimal.ZERO : spec.taxRate();
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0) {
            throw new ValidationException("invalid_tax_rate", "taxRate is a fraction from 0 to below 1 (0.06 for 6 %)", "taxRate");
        }
        int terms = spec.paymentTermsDays() == null ? 30 : spec.paymentTermsDays();
        if (terms < 0 || terms > 365) {
            throw new ValidationException("invalid_terms", "paymentTermsDays: 0 to 365", "paymentTermsDays");
        }
        String email = io.seatline.core.Validation.email(spec.email() == null ? null : spec.email().trim(), "email");
        Profile saved = db(em -> {
            ProfileEntity p = em.find(ProfileEntity.class, t.id());
            boolean fresh = p == null;
            if (fresh) {
                p = new ProfileEntity();
                p.id = t.id();
                p.setTenantId(t.id());
            } else if (!p.currency.equals(currency) && !em.createQuery("select i.id from InvoiceEntity i where i.tenantId = :t and i.status = 'ISSUED'",
                String.class).setParameter("t", t.id()).setMaxResults(1).getResultList().isEmpty()) {
                throw new ConflictException("currency_locked", "tenant " + t.id() + " has issued invoices in " + p.currency
                    + ": its currency cannot change", "currency");
            }
            p.currency = currency;
            p.legalName = Rating.clip(blank(spec.legalName()), 200);
            p.address = Rating.clip(blank(spec.address()), 500);
            p.taxId = Rating.clip(blank(spec.taxId()), 64);
            p.taxName = Rating.clip(spec.taxName() == null || spec.taxName().isBlank() ? "VAT" : spec.taxName(), 32);
            p.taxRate = rate;
            p.email = email;
            p.paymentTermsDays = terms;
            p.updatedAt = Instant.now();
            if (fresh) {
                em.persist(p);
            }
            return toApi(p);
        });
        audited(tenant, "billing.profile.save", tenant, "currency=" + currency + " tax=" + saved.taxName() + " " + rate.toPlainString());
        return saved;
    }

    public Subscription subscribe(String tenant, String plan, LocalDate from) {
        CallContext who = staff();
        tenant(tenant);
        if (from == null) {
            throw new ValidationException("required", "from: the first day on the plan", "from");
        }
        Subscription s = db(em -> {
            PlanVersionEntity v = Catalog.versionAt(Catalog.versions(em), plan == null ? "" : plan, from);
            if (v == null) {
                throw new ValidationException("no_plan_version", "plan '" + plan + "' has no version in force on " + from, "plan");
            }
            ProfileEntity p = em.find(ProfileEntity.class, tenant);
            if (p == null) {
                throw new ConflictException("no_profile", "give tenant " + tenant + " a billing profile (currency, tax) first", "tenant");
            }
            if (!p.currency.equals(v.currency)) {
                throw new ValidationException("currency_mismatch", "plan " + plan + " is priced in " + v.currency + " but tenant " + tenant
                    + " is billed in " + p.currency, "plan");
            }
            Period first = Period.of(from);
            if (!em.createQuery("select i.id from InvoiceEntity i where i.tenantId = :t and i.status = 'ISSUED' and i.kind = 'INVOICE' "
                + "and i.periodFrom >= :p", String.class).setParameter("t", tenant).setParameter("p", first.start()).setMaxResults(1)
                .getResultList().isEmpty()) {
                throw new ConflictException("period_invoiced", "an issued invoice already covers " + first + " of " + tenant
                    + ": a plan change must start after it (or credit it first)", "from");
            }
            SubscriptionEntity e = em.createQuery("select s from SubscriptionEntity s where s.tenantId = :t and s.validFrom = :f",
                SubscriptionEntity.class).setParameter("t", tenant).setParameter("f", from).getResultStream().findFirst().orElse(null);
            if (e == null) {
                e = new SubscriptionEntity();
                e.id = UUID.randomUUID().toString();
                e.setTenantId(tenant);
                e.validFrom = from;
                e.plan = plan;
                e.createdAt = Instant.now();
                e.createdBy = who.principal();
                em.persist(e);
            } else {
                e.plan = plan;
            }
            em.flush();
            return subscriptions(em, tenant).stream().filter(x -> x.from().equals(from)).findFirst().orElseThrow();
        });
        audited(tenant, "billing.subscribe", tenant, "plan=" + plan + " from=" + from);
        return s;
    }

    public List<Subscription> subscriptions(String tenant) {
        reader(tenant);
        return db(em -> subscriptions(em, tenant));
    }

    static List<Subscription> subscriptions(EntityManager em, String tenant) {
        List<SubscriptionEntity> subs = Catalog.subscriptions(em, tenant);
        List<Subscription> out = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            SubscriptionEntity s = subs.get(i);
            out.add(new Subscription(s.id, s.getTenantId(), s.plan, s.validFrom, i + 1 < subs.size() ? subs.get(i + 1).validFrom : null, s.createdAt,
                s.createdBy));
        }
        return out;
    }

    public Charge addCharge(String tenant, Charge spec) {
        CallContext who = staff();
        tenant(tenant);
        if (spec == null) {
            throw new ValidationException("body_required", "a charge is required", null);
        }
        String kind = spec.kind() == null ? "" : spec.kind().trim().toUpperCase(Locale.ROOT);
        if (!kind.equals("FEE") && !kind.equals("DISCOUNT")) {
            throw new ValidationException("invalid_kind", "kind is FEE or DISCOUNT", "kind");
        }
        if (spec.description() == null || spec.description().isBlank()) {
            throw new ValidationException("required", "description is required (it is printed on the invoice)", "description");
        }
        if (spec.from() == null) {
            throw new ValidationException("required", kind.equals("FEE") ? "from: the fee's date" : "from: the first day of the discount", "from");
        }
        if (kind.equals("FEE")) {
            positive(spec.amount(), "amount", true);
            if (spec.percent() != null) {
                throw new ValidationException("invalid_fee", "a fee is an amount, not a percentage", "percent");
            }
        } else {
            if ((spec.amount() == null) == (spec.percent() == null)) {
                throw new ValidationException("invalid_discount", "a discount has either a percent or an amount", "percent");
            }
            if (spec.amount() != null) {
                positive(spec.amount(), "amount", true);
            }
            if (spec.percent() != null && (spec.percent().signum() <= 0 || spec.percent().compareTo(BigDecimal.valueOf(100)) > 0)) {
                throw new ValidationException("invalid_percent", "percent: more than 0, at most 100", "percent");
            }
            if (spec.to() != null && spec.to().isBefore(spec.from())) {
                throw new ValidationException("invalid_dates", "to is before from", "to");
            }
        }
        Charge c = db(em -> {
            ChargeEntity e = new ChargeEntity();
            e.id = UUID.randomUUID().toString();
            e.setTenantId(tenant);
            e.kind = kind;
            e.description = Rating.clip(spec.description().trim(), 200);
            e.amount = spec.amount();
            e.percent = spec.percent();
            e.validFrom = spec.from();
            e.validTo = kind.equals("FEE") ? null : spec.to();
            e.createdAt = Instant.now();
            e.createdBy = who.principal();
            if (issued(em, tenant, Period.of(e.validFrom))) {
                throw new ConflictException("period_invoiced", "the invoice of " + Period.of(e.validFrom) + " is issued: date the charge later",
                    "from");
            }
            em.persist(e);
            return toApi(e);
        });
        audited(tenant, "billing.charge.add", tenant, c.kind() + " " + c.description() + " " + (c.amount() != null ? c.amount().toPlainString()
            : c.percent().toPlainString() + "%"));
        return c;
    }

    static boolean issued(EntityManager em, String tenant, Period p) {
        return !em.createQuery("select i.id from InvoiceEntity i where i.tenantId = :t and i.period = :p and i.kind = 'INVOICE' "
            + "and i.status = 'ISSUED'", String.class).setParameter("t", tenant).setParameter("p", p.toString()).setMaxResults(1)
            .getResultList().isEmpty();
    }

    public List<Charge> charges(String tenant) {
        reader(tenant);
        return db(em -> em.createQuery("select c from ChargeEntity c where c.tenantId = :t order by c.validFrom, c.createdAt", ChargeEntity.class)
            .setParameter("t", tenant).getResultStream().map(BillingPart::toApi).toList());
    }

    public void removeCharge(String tenant, String chargeId) {
        staff();
        String what = db(em -> {
            ChargeEntity c = em.find(ChargeEntity.class, chargeId == null ? "" : chargeId);
            if (c == null || !c.getTenantId().equals(tenant)) {
                throw new NotFoundException("not_found", "charge '" + chargeId + "' not found");
            }
            if (issued(em, tenant, Period.of(c.validFrom))) {
                throw new ConflictException("charge_invoiced", "the charge is on an issued invoice: correct it with a credit note");
            }
            em.remove(c);
            return c.kind + " " + c.description;
        });
        audited(tenant, "billing.charge.remove", tenant, what);
    }
}
