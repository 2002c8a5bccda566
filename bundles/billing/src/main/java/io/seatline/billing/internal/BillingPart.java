package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.entity.ChargeEntity;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PaymentEntity;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.billing.internal.entity.RateEntity;
import io.seatline.billing.internal.entity.RunEntity;
import io.seatline.billing.internal.entity.UnratedEntity;
import io.seatline.billing.internal.entity.UsageEntity;
import io.seatline.core.CallContext;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Roles;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.CdrService;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.persistence.EntityManager;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every part of billing shares: the services and helpers of the component ({@link BillingServiceImpl}), access
 * rules (staff, readers) and the mapping to API records. Each part covers one section of the billing API.
 */
abstract class BillingPart {
    static final Logger LOG = LoggerFactory.getLogger(BillingServiceImpl.class);
    static final Pattern PLAN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Set<String> CURRENCIES = Set.of("CNY", "USD", "EUR", "HKD", "GBP", "JPY", "SGD");
    static final String STAFF_PERM = "billing:manage";

    final BillingServiceImpl owner;
    final Jpa jpa;
    final TenantService tenants;
    final io.seatline.tenancy.TenantDirectory directory;
    final CdrService cdrs;
    final AuditService audit;
    final EventAdmin eventAdmin;
    final Catalog catalog;
    final Rating rating;
    final InvoiceBuilder builder;
    /** tenant → id of the run billing it now */
    final Map<String, String> busy;

    BillingPart(BillingServiceImpl owner) {
        this.owner = owner;
        this.jpa = owner.jpa;
        this.tenants = owner.tenants;
        this.directory = owner.directory;
        this.cdrs = owner.cdrs;
        this.audit = owner.audit;
        this.eventAdmin = owner.eventAdmin;
        this.catalog = owner.catalog;
        this.rating = owner.rating;
        this.builder = owner.builder;
        this.busy = owner.busy;
    }

    /** the configuration in force (etc/seatline.billing.cfg, applied live) */
    BillingConfig cfg() {
        return owner.cfg;
    }

    Clock clock() {
        return owner.clock;
    }

    /** Billing staff: the operator or an operator-level billing user. */
    static CallContext staff() {
        if (isStaff()) {
            return TenantContext.current();
        }
        throw new ForbiddenException("billing_staff_only", "only the operator's billing staff may do this");
    }

    static boolean isStaff() {
        CallContext ctx = TenantContext.current();
        return ctx.operator() || (ctx.tenantId() == null && ctx.permission().test(STAFF_PERM));
    }

    /** Billing staff, or a user of {@code tenant} allowed to read its invoices. */
    static void reader(String tenant) {
        CallContext ctx = TenantContext.current();
        if (isStaff()) {
            return;
        }
        if (tenant == null || !tenant.equals(ctx.tenantId()) || !ctx.permission().test(Roles.perm(tenant, "invoices", "read"))) {
            throw new ForbiddenException("forbidden_tenant", ctx.principal() + " may not read the invoices of tenant " + tenant);
        }
    }

    /** Runs {@code work} as billing's own operator-level system work (access was checked before). */
    static <T> T system(java.util.function.Supplier<T> work) {
        CallContext ctx = TenantContext.peek();
        return TenantContext.call(CallContext.operator(ctx == null ? "billing" : ctx.principal()), work);
    }

    <T> T db(Function<EntityManager, T> work) {
        return system(() -> jpa.operator(work));
    }

    void audited(String tenant, String action, String target, String detail) {
        CallContext ctx = TenantContext.current();
        TenantContext.run(tenant == null ? ctx : ctx.withTenant(tenant), () -> audit.record(action, target, detail));
    }

    Tenant tenant(String id) {
        try {
            return directory.tenant(id);
        } catch (NotFoundException e) {
            throw new NotFoundException("tenant_not_found", "tenant '" + id + "' not found", "tenant");
        }
    }

    InvoiceBuilder.TenantInfo info(String id) {
        Tenant t = tenant(id);
        return new InvoiceBuilder.TenantInfo(t.id(), t.displayName(), zone(t), t.dedicatedSeats(), t.sharedSeats(),
            system(() -> tenants.seatHistory(id)));
    }

    static ZoneId zone(Tenant t) {
        try {
            return ZoneId.of(t.timezone() == null ? "UTC" : t.timezone());
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }


    static String currency(String c, String field) {
        String u = c == null ? "" : c.trim().toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(u)) {
            throw new ValidationException("invalid_currency", "currency: one of " + new TreeSet<>(CURRENCIES), field);
        }
        return u;
    }

    static void positive(BigDecimal v, String field, boolean required) {
        if (v == null) {
            if (required) {
                throw new ValidationException("required", field + " is required", field);
            }
            return;
        }
        if (v.signum() <= 0) {
            throw new ValidationException("invalid_price", field + " must be more than zero", field);
        }
        // what the columns hold (precision 19, scale 6): a larger or finer value is refused, never rounded or a 500
        if (v.compareTo(MAX_MONEY) > 0) {
            throw new ValidationException("invalid_price", field + " must be at most 1000000000", field);
        }
        if (v.stripTrailingZeros().scale() > 6) {
            throw new ValidationException("invalid_price", field + " has at most 6 decimal places", field);
        }
    }

    /** The largest price, fee or amount billing accepts. */
    static final BigDecimal MAX_MONEY = new BigDecimal("1000000000");

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static PlanVersion toApi(PlanVersionEntity v, List<RateRow> rates) {
        return new PlanVersion(v.id, v.plan, v.name, v.validFrom, v.validTo, v.currency, v.dedicatedSeat, v.sharedSeat, v.sharedAgentHour,
            v.recordingGbMonth, "bands are in each tenant's own time zone", Catalog.bands(v.bandsJson), v.defaultBand, rates, v.rateCount,
            v.createdAt, v.createdBy);
    }

    static RateRow toApi(RateEntity r) {
        return new RateRow(r.direction, r.prefix, r.band, r.perMinute, r.connectionFee, r.minimumCharge, r.increment, r.description);
    }

    static Profile toApi(ProfileEntity p) {
        return new Profile(p.id, p.currency, p.legalName, p.address, p.taxId, p.taxName, p.taxRate, p.email, p.paymentTermsDays, p.updatedAt);
    }

    static Charge toApi(ChargeEntity c) {
        return new Charge(c.id, c.getTenantId(), c.kind, c.description, c.amount, c.percent, c.validFrom, c.validTo, c.invoiceId, c.createdAt,
            c.createdBy);
    }

    static Usage toApi(UsageEntity u) {
        return new Usage(u.cdrId, u.getTenantId(), u.period, u.category, u.number, u.answeredAt, u.talkMs, u.billableSeconds, u.planVersionId,
            u.prefix, u.band, u.perMinute, u.increment, u.connectionFee, u.amount, u.currency, u.detail, u.ratedAt);
    }

    static Unrated toApi(UnratedEntity u) {
        return new Unrated(u.cdrId, u.getTenantId(), u.period, u.direction, u.number, u.answeredAt, u.talkMs, u.reason, u.notedAt);
    }

    static RunStatus toApi(RunEntity r) {
        return new RunStatus(r.id, r.period, r.tenants.isEmpty() ? List.of() : List.of(r.tenants.split(",")), r.state, r.total, r.done, r.created,
            r.existing, r.failures == null ? List.of() : List.of(r.failures.split("\n")), r.startedAt, r.finishedAt, r.startedBy);
    }

    static Invoice toApi(InvoiceEntity i, Map<String, BigDecimal> credited, Map<String, BigDecimal> paid) {
        return toApi(i, credited, paid, null);
    }

    static Invoice toApi(InvoiceEntity i, Map<String, BigDecimal> credited, Map<String, BigDecimal> paid, String refNumber) {
        BigDecimal c = credited.getOrDefault(i.id, BigDecimal.ZERO);
        BigDecimal p = paid.getOrDefault(i.id, BigDecimal.ZERO);
        int minor = Currency.getInstance(i.currency).getDefaultFractionDigits();
        BigDecimal balance = "ISSUED".equals(i.status) && "INVOICE".equals(i.kind) ? i.total.subtract(c).subtract(p).setScale(minor) : BigDecimal.ZERO
            .setScale(minor);
        return new Invoice(i.id, i.getTenantId(), i.tenantName, i.kind, i.status, i.number, i.period, i.periodFrom, i.periodTo, i.issuedOn, i.dueOn,
            i.currency, i.net.setScale(minor), i.tax.setScale(minor), i.total.setScale(minor), c.setScale(minor), p.setScale(minor), balance,
            i.refersTo, refNumber, i.reason, i.unratedCalls, InvoicesPart.lines(i), i.runId, i.createdAt, i.issuedAt, i.issuedBy);
    }

    static Payment toApi(PaymentEntity p, String number) {
        return new Payment(p.id, p.invoiceId, number, p.getTenantId(), p.amount, p.currency, p.paidOn, p.reference, p.recordedAt, p.recordedBy);
    }

}
