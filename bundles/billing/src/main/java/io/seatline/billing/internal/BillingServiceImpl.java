// Longer than ~600 lines: BillingServiceImpl holds the catalog, accounts, the CDR-rating handler, runs (with their
// executor), invoices and payments, by its section banners; rating, pricing and PDF already live in Rating, Catalog,
// InvoiceBuilder and pdf/. Splitting the API and this class along those sections is the open part of issue 19.
package io.seatline.billing.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.seatline.billing.BillingEvents;
import io.seatline.billing.BillingService;
import io.seatline.billing.internal.calc.Increment;
import io.seatline.billing.internal.calc.Rate;
import io.seatline.billing.internal.calc.RateTable;
import io.seatline.billing.internal.entity.ChargeEntity;
import io.seatline.billing.internal.entity.InvoiceEntity;
import io.seatline.billing.internal.entity.PaymentEntity;
import io.seatline.billing.internal.entity.PlanVersionEntity;
import io.seatline.billing.internal.entity.ProfileEntity;
import io.seatline.billing.internal.entity.RateEntity;
import io.seatline.billing.internal.entity.RunEntity;
import io.seatline.billing.internal.entity.SeqEntity;
import io.seatline.billing.internal.entity.SubscriptionEntity;
import io.seatline.billing.internal.entity.UnratedEntity;
import io.seatline.billing.internal.entity.UsageEntity;
import io.seatline.billing.internal.pdf.InvoiceDoc;
import io.seatline.billing.internal.pdf.InvoicePdf;
import io.seatline.core.CallContext;
import io.seatline.core.ConflictException;
import io.seatline.core.CsvText;
import io.seatline.core.ForbiddenException;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.core.Roles;
import io.seatline.core.SeatlineEvents;
import io.seatline.core.TenantContext;
import io.seatline.core.ValidationException;
import io.seatline.persistence.Jpa;
import io.seatline.persistence.JsonColumns;
import io.seatline.security.AuditService;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrService;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.tenancy.Tenant;
import io.seatline.tenancy.TenantService;
import io.seatline.tenancy.TenantStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Billing. Billing staff (the operator, or an operator-level user holding the {@code billing} role, i.e. permission
 * {@code billing:*}) run it across tenants; a tenant's admin or billing user ({@code tenant:T:invoices:read}) reads
 * its own invoices, payments and balance. Each CDR is rated when telephony reports it written, and again (only if
 * missed) when its period is billed. A run writes one transaction per tenant and finds what earlier runs already
 * created, so running again — also after the server died mid-run — completes the set without doubling anything.
 */
@Component(service = {BillingService.class, EventHandler.class}, immediate = true, configurationPid = "seatline.billing",
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = EventConstants.EVENT_TOPIC + "=" + TelephonyEvents.CDR_WRITTEN)
@Designate(ocd = BillingConfig.class)
public class BillingServiceImpl implements BillingService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BillingServiceImpl.class);
    private static final Pattern PLAN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> CURRENCIES = Set.of("CNY", "USD", "EUR", "HKD", "GBP", "JPY", "SGD");
    private static final String STAFF_PERM = "billing:manage";

    @Reference(target = "(osgi.unit.name=seatline-billing)")
    private EntityManagerFactory emf;
    @Reference
    private TenantService tenants;
    @Reference
    private CdrService cdrs;
    @Reference
    private AuditService audit;
    @Reference
    private EventAdmin eventAdmin;

    private final Catalog catalog = new Catalog();
    private final Rating rating = new Rating(catalog);
    private final InvoiceBuilder builder = new InvoiceBuilder();
    /** tenant → id of the run billing it now */
    private final Map<String, String> busy = new HashMap<>();
    private volatile BillingConfig cfg;
    private volatile Clock clock = Clock.systemUTC();
    private Jpa jpa;
    private ExecutorService runner;

    @Activate
    void activate(BillingConfig config) {
        cfg = config;
        jpa = new Jpa(emf);
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "seatline-billing-run");
            t.setDaemon(true);
            return t;
        });
        // runs that were RUNNING when the server stopped (or died) are not running any more: say so
        int stale = system(() -> jpa.operator(em -> Jpa.operatorBulk(em, "update RunEntity r set r.state = 'INTERRUPTED', r.finishedAt = :now "
            + "where r.state = 'RUNNING'").setParameter("now", Instant.now()).executeUpdate()));
        if (stale > 0) {
            LOG.warn("{} billing run(s) were interrupted by a stop of the server; run them again to complete them", stale);
        }
    }

    @Modified
    void modified(BillingConfig config) {
        cfg = config;
    }

    @Deactivate
    void deactivate() {
        runner.shutdownNow();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // =================================================================== access

    /** Billing staff: the operator or an operator-level billing user. */
    private static CallContext staff() {
        if (isStaff()) {
            return TenantContext.current();
        }
        throw new ForbiddenException("billing_staff_only", "only the operator's billing staff may do this");
    }

    private static boolean isStaff() {
        CallContext ctx = TenantContext.current();
        return ctx.operator() || (ctx.tenantId() == null && ctx.permission().test(STAFF_PERM));
    }

    /** Billing staff, or a user of {@code tenant} allowed to read its invoices. */
    private static void reader(String tenant) {
        CallContext ctx = TenantContext.current();
        if (isStaff()) {
            return;
        }
        if (tenant == null || !tenant.equals(ctx.tenantId()) || !ctx.permission().test(Roles.perm(tenant, "invoices", "read"))) {
            throw new ForbiddenException("forbidden_tenant", ctx.principal() + " may not read the invoices of tenant " + tenant);
        }
    }

    /** Runs {@code work} as billing's own operator-level system work (access was checked before). */
    private static <T> T system(java.util.function.Supplier<T> work) {
        CallContext ctx = TenantContext.peek();
        return TenantContext.call(CallContext.operator(ctx == null ? "billing" : ctx.principal()), work);
    }

    private <T> T db(Function<EntityManager, T> work) {
        return system(() -> jpa.operator(work));
    }

    private void audited(String tenant, String action, String target, String detail) {
        CallContext ctx = TenantContext.current();
        TenantContext.run(tenant == null ? ctx : ctx.withTenant(tenant), () -> audit.record(action, target, detail));
    }

    private Tenant tenant(String id) {
        try {
            return system(() -> tenants.get(id));
        } catch (NotFoundException e) {
            throw new NotFoundException("tenant_not_found", "tenant '" + id + "' not found", "tenant");
        }
    }

    private InvoiceBuilder.TenantInfo info(String id) {
        Tenant t = tenant(id);
        return new InvoiceBuilder.TenantInfo(t.id(), t.displayName(), zone(t), t.dedicatedSeats(), t.sharedSeats(),
            system(() -> tenants.seatHistory(id)));
    }

    private static ZoneId zone(Tenant t) {
        try {
            return ZoneId.of(t.timezone() == null ? "UTC" : t.timezone());
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }

    // =================================================================== catalog

    @Override
    public PlanVersion createPlanVersion(PlanVersion spec) {
        CallContext who = staff();
        if (spec == null) {
            throw new ValidationException("body_required", "a plan version is required", null);
        }
        if (spec.plan() == null || !PLAN.matcher(spec.plan()).matches()) {
            throw new ValidationException("invalid_plan", "plan: 1-64 of a-z, 0-9, _ and -", "plan");
        }
        if (spec.validFrom() == null) {
            throw new ValidationException("required", "validFrom is required", "validFrom");
        }
        if (spec.validTo() != null && !spec.validTo().isAfter(spec.validFrom())) {
            throw new ValidationException("invalid_dates", "validTo must be after validFrom", "validTo");
        }
        String currency = currency(spec.currency(), "currency");
        positive(spec.dedicatedSeat(), "dedicatedSeat", true);
        positive(spec.sharedSeat(), "sharedSeat", true);
        positive(spec.sharedAgentHour(), "sharedAgentHour", false);
        positive(spec.recordingGbMonth(), "recordingGbMonth", false);
        List<Band> bands = spec.bands() == null ? List.of() : spec.bands();
        String defaultBand = spec.defaultBand() == null || spec.defaultBand().isBlank() ? "standard" : spec.defaultBand().trim();
        Catalog.timeBands(bands, defaultBand, ZoneId.of("UTC")); // validates days, times and overlaps
        List<RateRow> rows = spec.rates() == null ? List.of() : spec.rates();
        List<Rate> rates = rates(rows, bands, defaultBand);
        PlanVersion created = db(em -> {
            for (PlanVersionEntity v : em.createQuery("select v from PlanVersionEntity v where v.plan = :p", PlanVersionEntity.class)
                .setParameter("p", spec.plan()).getResultList()) {
                boolean overlap = (v.validTo == null || v.validTo.isAfter(spec.validFrom()))
                    && (spec.validTo() == null || spec.validTo().isAfter(v.validFrom));
                if (overlap) {
                    throw new ValidationException("overlapping_versions", "plan " + spec.plan() + " already has version '" + v.name + "' in force "
                        + v.validFrom + " – " + (v.validTo == null ? "open-ended" : v.validTo) + "; end it first or pick other dates", "validFrom");
                }
                if (!v.currency.equals(currency)) {
                    throw new ValidationException("currency_mismatch", "the versions of plan " + spec.plan() + " are in " + v.currency, "currency");
                }
            }
            PlanVersionEntity v = new PlanVersionEntity();
            v.id = UUID.randomUUID().toString();
            v.plan = spec.plan();
            v.name = spec.name() == null || spec.name().isBlank() ? spec.plan() + " " + spec.validFrom() : Rating.clip(spec.name(), 200);
            v.validFrom = spec.validFrom();
            v.validTo = spec.validTo();
            v.currency = currency;
            v.dedicatedSeat = spec.dedicatedSeat();
            v.sharedSeat = spec.sharedSeat();
            v.sharedAgentHour = spec.sharedAgentHour();
            v.recordingGbMonth = spec.recordingGbMonth();
            v.bandsJson = JsonColumns.write(bands);
            v.defaultBand = defaultBand;
            v.rateCount = rates.size();
            v.createdAt = Instant.now();
            v.createdBy = who.principal();
            em.persist(v);
            insertRates(em, v.id, rates);
            return toApi(v, null);
        });
        audited(null, "billing.plan.create", created.plan() + "@" + created.validFrom(), "version=" + created.id() + " rates=" + rates.size());
        return created;
    }

    /** Validates rate rows against the bands and the rate-table rules (duplicates, prices, prefixes). */
    private static List<Rate> rates(List<RateRow> rows, List<Band> bands, String defaultBand) {
        Set<String> names = new TreeSet<>();
        bands.forEach(b -> names.add(b.name()));
        names.add(defaultBand);
        List<Rate> rates = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RateRow r = rows.get(i);
            String band = r.band() == null || r.band().isBlank() ? Rate.ANY_BAND : r.band().trim();
            if (!band.equals(Rate.ANY_BAND) && !names.contains(band)) {
                throw new ValidationException("unknown_band", "band '" + band + "' is not one of " + names + " or *", "rates[" + i + "].band");
            }
            if (r.perMinute() == null || r.perMinute().signum() <= 0) {
                throw new ValidationException("invalid_price", "perMinute must be more than zero (a free destination: leave it out of the table "
                    + "and it is reported unrated, or price it at 0.000001)", "rates[" + i + "].perMinute");
            }
            Increment inc;
            try {
                inc = Increment.parse(r.increment() == null || r.increment().isBlank() ? "60/60" : r.increment());
            } catch (RuntimeException e) {
                throw new ValidationException("invalid_increment", "increment is first/next seconds, e.g. 60/60, 6/6 or 60/1", "rates[" + i
                    + "].increment");
            }
            rates.add(new Rate(r.direction() == null ? null : r.direction().trim().toUpperCase(Locale.ROOT), r.prefix() == null ? null
                : r.prefix().trim(), band, r.perMinute(), r.connectionFee(), r.minimumCharge(), inc, Rating.clip(r.description(), 200)));
        }
        RateTable.build(rates); // refuses bad prefixes, negative fees and duplicate prefixes, naming the row
        return rates;
    }

    private static void insertRates(EntityManager em, String versionId, List<Rate> rates) {
        int n = 0;
        for (Rate r : rates) {
            RateEntity e = new RateEntity();
            e.id = UUID.randomUUID().toString();
            e.versionId = versionId;
            e.direction = r.direction();
            e.prefix = r.prefix();
            e.band = r.band();
            e.perMinute = r.perMinute();
            e.connectionFee = r.connectionFee() == null ? BigDecimal.ZERO : r.connectionFee();
            e.minimumCharge = r.minimumCharge() == null ? BigDecimal.ZERO : r.minimumCharge();
            e.increment = r.increment().toString();
            e.description = r.description();
            e.rowNo = n;
            em.persist(e);
            if (++n % 500 == 0) {
                em.flush();
                em.clear();
            }
        }
    }

    @Override
    public List<PlanVersion> planVersions(String plan) {
        staff();
        Jpa.Where w = new Jpa.Where("v").eq("plan", plan == null || plan.isBlank() ? null : plan);
        return db(em -> w.bind(em.createQuery("select v from PlanVersionEntity v" + w.where() + " order by v.plan, v.validFrom",
            PlanVersionEntity.class)).getResultStream().map(v -> toApi(v, null)).toList());
    }

    @Override
    public PlanVersion planVersion(String id) {
        staff();
        return db(em -> toApi(version(em, id), null));
    }

    private static PlanVersionEntity version(EntityManager em, String id) {
        PlanVersionEntity v = id == null ? null : em.find(PlanVersionEntity.class, id);
        if (v == null) {
            throw new NotFoundException("not_found", "plan version '" + id + "' not found");
        }
        return v;
    }

    @Override
    public Page<RateRow> rates(String versionId, String prefix, int offset, int limit) {
        staff();
        return db(em -> {
            version(em, versionId);
            String where = "where r.versionId = :v" + (prefix == null || prefix.isBlank() ? "" : " and r.prefix like :p");
            var q = em.createQuery("select r from RateEntity r " + where + " order by r.direction, r.prefix, r.band", RateEntity.class)
                .setParameter("v", versionId);
            var c = em.createQuery("select count(r) from RateEntity r " + where, Long.class).setParameter("v", versionId);
            if (!where.endsWith(":v")) {
                q.setParameter("p", prefix.trim() + "%");
                c.setParameter("p", prefix.trim() + "%");
            }
            List<RateRow> items = q.setFirstResult(offset).setMaxResults(limit).getResultStream().map(BillingServiceImpl::toApi).toList();
            return new Page<>(items, c.getSingleResult(), offset, limit);
        });
    }

    @Override
    public PlanVersion replaceRates(String versionId, String csv) {
        staff();
        List<String[]> rows = CsvText.parse(csv == null ? "" : csv).stream().map(r -> r.fields().toArray(new String[0])).toList();
        if (rows.isEmpty()) {
            throw new ValidationException("empty_csv", "the CSV has no header", "csv");
        }
        List<String> header = Arrays.stream(rows.get(0)).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int[] at = new int[8];
        String[] names = {"direction", "prefix", "band", "per_minute", "connection_fee", "minimum_charge", "increment", "description"};
        for (int i = 0; i < names.length; i++) {
            at[i] = header.indexOf(names[i]);
            if (at[i] < 0 && i < 4) {
                throw new ValidationException("missing_column", "the CSV header needs " + String.join(",", names) + " (missing " + names[i] + ")", "csv");
            }
        }
        List<RateRow> parsed = new ArrayList<>(rows.size());
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            try {
                parsed.add(new RateRow(cell(row, at[0]), cell(row, at[1]), cell(row, at[2]), money(cell(row, at[3])), money(cell(row, at[4])),
                    money(cell(row, at[5])), cell(row, at[6]), cell(row, at[7])));
            } catch (NumberFormatException e) {
                throw new ValidationException("invalid_number", "row " + (r + 1) + ": a price is not a number", "csv[" + (r + 1) + "]");
            }
        }
        PlanVersion updated = db(em -> {
            PlanVersionEntity v = em.find(PlanVersionEntity.class, versionId, LockModeType.PESSIMISTIC_WRITE);
            if (v == null) {
                throw new NotFoundException("not_found", "plan version '" + versionId + "' not found");
            }
            List<Rate> rates;
            try {
                rates = rates(parsed, Catalog.bands(v.bandsJson), v.defaultBand);
            } catch (ValidationException e) {
                // name the CSV row (header is row 1) instead of the list index
                String field = e.field() == null ? null : e.field().replaceAll("rates\\[(\\d+)\\]", "$1");
                String row = field != null && field.matches("\\d+.*") ? "row " + (Integer.parseInt(field.replaceAll("\\D.*", "")) + 2) + ": " : "";
                throw new ValidationException(e.code(), row + e.getMessage(), "csv");
            }
            Jpa.operatorBulk(em, "delete from RateEntity r where r.versionId = :v").setParameter("v", versionId).executeUpdate();
            insertRates(em, versionId, rates);
            v.rateCount = rates.size();
            return toApi(v, null);
        });
        catalog.forget(versionId);
        audited(null, "billing.rates.replace", updated.plan() + "@" + updated.validFrom(), "rates=" + updated.rateCount());
        return updated;
    }

    private static String cell(String[] row, int i) {
        return i < 0 || i >= row.length || row[i].isBlank() ? null : row[i].trim();
    }

    private static BigDecimal money(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    // =================================================================== tenants

    @Override
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

    @Override
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

    @Override
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

    @Override
    public List<Subscription> subscriptions(String tenant) {
        reader(tenant);
        return db(em -> subscriptions(em, tenant));
    }

    private static List<Subscription> subscriptions(EntityManager em, String tenant) {
        List<SubscriptionEntity> subs = Catalog.subscriptions(em, tenant);
        List<Subscription> out = new ArrayList<>();
        for (int i = 0; i < subs.size(); i++) {
            SubscriptionEntity s = subs.get(i);
            out.add(new Subscription(s.id, s.getTenantId(), s.plan, s.validFrom, i + 1 < subs.size() ? subs.get(i + 1).validFrom : null, s.createdAt,
                s.createdBy));
        }
        return out;
    }

    @Override
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

    private static boolean issued(EntityManager em, String tenant, Period p) {
        return !em.createQuery("select i.id from InvoiceEntity i where i.tenantId = :t and i.period = :p and i.kind = 'INVOICE' "
            + "and i.status = 'ISSUED'", String.class).setParameter("t", tenant).setParameter("p", p.toString()).setMaxResults(1)
            .getResultList().isEmpty();
    }

    @Override
    public List<Charge> charges(String tenant) {
        reader(tenant);
        return db(em -> em.createQuery("select c from ChargeEntity c where c.tenantId = :t order by c.validFrom, c.createdAt", ChargeEntity.class)
            .setParameter("t", tenant).getResultStream().map(BillingServiceImpl::toApi).toList());
    }

    @Override
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

    // =================================================================== rating

    @Override
    public void handleEvent(Event event) {
        Object tenant = event.getProperty(SeatlineEvents.TENANT_ID);
        Object callId = event.getProperty("call.id");
        if (tenant == null || callId == null) {
            return;
        }
        try {
            Cdr cdr = TenantContext.call(CallContext.operator("billing").withTenant(tenant.toString()), () -> cdrs.get(callId.toString()));
            rateAll(List.of(cdr), true);
        } catch (RuntimeException e) {
            // not lost: the billing run rates what the event did not
            LOG.warn("Could not rate call {} of {} now (the billing run will): {}", callId, tenant, e.toString());
        }
    }

    @Override
    public List<RatingResult> rate(List<Cdr> cdrList) {
        staff();
        if (cdrList == null || cdrList.isEmpty()) {
            throw new ValidationException("required", "a list of CDRs is required", "cdrs");
        }
        if (cdrList.size() > 10_000) {
            throw new ValidationException("too_many", "at most 10 000 CDRs per request", "cdrs");
        }
        return rateAll(cdrList, false);
    }

    private List<RatingResult> rateAll(List<Cdr> cdrList, boolean telephony) {
        Map<String, ZoneId> zones = new HashMap<>();
        Function<String, ZoneId> zoneOf = t -> zones.computeIfAbsent(t, id -> {
            try {
                return zone(system(() -> tenants.get(id)));
            } catch (NotFoundException e) {
                return null;
            }
        });
        try {
            return db(em -> rating.rate(em, cdrList, zoneOf, Instant.now(), telephony));
        } catch (PersistenceException e) {
            // two raters met on one CDR (the event and a run): the other one's row stands; rate one by one
            List<RatingResult> out = new ArrayList<>();
            for (Cdr c : cdrList) {
                try {
                    out.addAll(db(em -> rating.rate(em, List.of(c), zoneOf, Instant.now(), telephony)));
                } catch (PersistenceException again) {
                    out.add(new RatingResult(c.id(), "ALREADY_RATED", null, null, null));
                }
            }
            return out;
        }
    }

    @Override
    public int rerate(String tenant) {
        staff();
        Tenant t = tenant(tenant);
        int rated = rateBacklog(t, Instant.EPOCH, Instant.now().plusSeconds(86_400));
        List<String> retry = db(em -> em.createQuery("select u.cdrId from UnratedEntity u where u.tenantId = :t", String.class)
            .setParameter("t", tenant).getResultList());
        for (int i = 0; i < retry.size(); i += 500) {
            List<String> ids = retry.subList(i, Math.min(retry.size(), i + 500));
            List<Cdr> again = TenantContext.call(CallContext.operator("billing").withTenant(tenant), () -> ids.stream().map(id -> {
                try {
                    return cdrs.get(id);
                } catch (NotFoundException e) {
                    return null; // fed through the API, not a telephony CDR: feed it again
                }
            }).filter(java.util.Objects::nonNull).toList());
            rated += (int) rateAll(again, true).stream().filter(r -> r.outcome().equals("RATED")).count();
        }
        audited(tenant, "billing.rerate", tenant, "rated=" + rated);
        return rated;
    }

    /** Rates the tenant's CDRs offered in [from, to) that nothing has rated yet; returns how many were rated. */
    private int rateBacklog(Tenant t, Instant from, Instant to) {
        if (!db(em -> Rating.unaccounted(em, t.id(), from, to))) {
            return 0;
        }
        return rateMissed(t.id(), from, to);
    }

    /** Rates the tenant's CDRs offered in [from, to) that have no usage or unrated row (the anti-join), 1 000 at a time. */
    private int rateMissed(String tenant, Instant from, Instant to) {
        int rated = 0;
        while (true) {
            List<Cdr> batch = db(em -> Rating.backlog(em, tenant, from, to, 1000));
            if (batch.isEmpty()) {
                return rated;
            }
            rated += (int) rateAll(batch, true).stream().filter(r -> r.outcome().equals("RATED")).count();
            if (batch.size() < 1000) {
                return rated;
            }
        }
    }

    @Override
    public Page<Usage> usage(String tenant, String period, int offset, int limit) {
        reader(tenant);
        Period p = Period.parse(period);
        return db(em -> new Page<>(em.createQuery("select u from UsageEntity u where u.tenantId = :t and u.period = :p order by u.answeredAt, u.cdrId",
                UsageEntity.class).setParameter("t", tenant).setParameter("p", p.toString()).setFirstResult(offset).setMaxResults(limit)
            .getResultStream().map(BillingServiceImpl::toApi).toList(),
            em.createQuery("select count(u) from UsageEntity u where u.tenantId = :t and u.period = :p", Long.class).setParameter("t", tenant)
                .setParameter("p", p.toString()).getSingleResult(), offset, limit));
    }

    @Override
    public Page<Unrated> unrated(String tenant, String period, int offset, int limit) {
        reader(tenant);
        Jpa.Where w = new Jpa.Where("u").eq("tenantId", tenant).eq("period", period == null || period.isBlank() ? null : Period.parse(period).toString());
        return db(em -> new Page<>(w.bind(em.createQuery("select u from UnratedEntity u" + w.where() + " order by u.answeredAt, u.cdrId",
                UnratedEntity.class)).setFirstResult(offset).setMaxResults(limit).getResultStream().map(BillingServiceImpl::toApi).toList(),
            w.bind(em.createQuery("select count(u) from UnratedEntity u" + w.where(), Long.class)).getSingleResult(), offset, limit));
    }

    // =================================================================== runs

    /** The tenants of a request: the named ones (each must exist), or every tenant that has a subscription. */
    private List<String> runTenants(RunRequest request) {
        if (request.tenants() != null && !request.tenants().isEmpty()) {
            List<String> out = new ArrayList<>(new TreeSet<>(request.tenants()));
            out.forEach(this::tenant);
            return out;
        }
        return db(em -> em.createQuery("select distinct s.tenantId from SubscriptionEntity s order by s.tenantId", String.class).getResultList());
    }

    private Period checkPeriod(RunRequest request, List<InvoiceBuilder.TenantInfo> infos) {
        if (request == null) {
            throw new ValidationException("body_required", "a run needs a period", "period");
        }
        Period p = Period.parse(request.period());
        if (!request.forced()) {
            Instant now = clock.instant();
            for (InvoiceBuilder.TenantInfo t : infos) {
                if (!p.closed(t.zone(), now)) {
                    throw new ConflictException("period_open", "period " + p + " is not over yet for tenant " + t.id() + " (" + t.zone()
                        + "): bill it after it has ended, or force", "period");
                }
            }
        }
        return p;
    }

    @Override
    public Preview preview(RunRequest request) {
        staff();
        List<String> ids = runTenants(request == null ? new RunRequest(null, null, null) : request);
        List<InvoiceBuilder.TenantInfo> infos = ids.stream().map(this::info).toList();
        Period p = checkPeriod(request, infos);
        List<Invoice> invoices = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (List<InvoiceBuilder.TenantInfo> batch : batches(infos)) {
            db(em -> {
                List<PlanVersionEntity> versions = Catalog.versions(em);
                Map<String, RunInputs.Of> in = RunInputs.load(em, batch, p);
                for (InvoiceBuilder.TenantInfo t : batch) {
                    RunInputs.Of o = in.get(t.id());
                    if (o.live != null) {
                        skipped.add(t.id() + ": already has " + o.live.status.toLowerCase(Locale.ROOT) + " invoice " + (o.live.number == null
                            ? o.live.id : o.live.number));
                        continue;
                    }
                    try {
                        InvoiceBuilder.Draft d = builder.build(t, billable(t, o), versions, p, Instant.now());
                        d.invoice().id = "preview-" + t.id();
                        invoices.add(toApi(d.invoice(), Map.of(), Map.of()));
                        warnings.addAll(d.warnings());
                    } catch (InvoiceBuilder.NotBillable e) {
                        skipped.add(t.id() + ": " + e.getMessage());
                    }
                }
                return null;
            });
        }
        return new Preview(p.toString(), invoices, skipped, warnings);
    }

    @Override
    public RunStatus run(RunRequest request) {
        CallContext who = staff();
        List<String> ids = runTenants(request == null ? new RunRequest(null, null, null) : request);
        if (ids.isEmpty()) {
            throw new ValidationException("no_tenants", "no tenant has a rate plan: nothing to bill", "tenants");
        }
        List<InvoiceBuilder.TenantInfo> infos = ids.stream().map(this::info).toList();
        Period p = checkPeriod(request, infos);
        RunEntity run = new RunEntity();
        run.id = UUID.randomUUID().toString();
        run.period = p.toString();
        run.tenants = String.join(",", ids);
        run.state = "RUNNING";
        run.total = ids.size();
        run.startedAt = Instant.now();
        run.startedBy = who.principal();
        synchronized (busy) {
            List<String> clash = ids.stream().filter(busy::containsKey).toList();
            if (!clash.isEmpty()) {
                throw new ConflictException("run_in_progress", "run " + busy.get(clash.get(0)) + " is billing " + clash.size() + " of these tenants ("
                    + String.join(", ", clash.subList(0, Math.min(5, clash.size()))) + "): wait for it (GET /billing/runs/" + busy.get(clash.get(0))
                    + ")", "tenants");
            }
            db(em -> {
                em.persist(run);
                return null;
            });
            ids.forEach(t -> busy.put(t, run.id));
        }
        audited(null, "billing.run", p.toString(), "run=" + run.id + " tenants=" + ids.size() + (request.forced() ? " forced" : ""));
        String principal = who.principal();
        runner.execute(() -> TenantContext.run(CallContext.operator(principal), () -> execute(run.id, p, infos)));
        return toApi(run);
    }

    private void execute(String runId, Period p, List<InvoiceBuilder.TenantInfo> infos) {
        int done = 0;
        int created = 0;
        int existing = 0;
        List<String> failures = new ArrayList<>();
        try {
            for (List<InvoiceBuilder.TenantInfo> batch : batches(infos)) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("billing stopped");
                }
                Map<String, String> outcomes = billBatch(runId, batch, p);
                for (InvoiceBuilder.TenantInfo t : batch) {
                    String outcome = outcomes.get(t.id());
                    done++;
                    if (outcome.equals("CREATED")) {
                        created++;
                    } else if (outcome.equals("EXISTING")) {
                        existing++;
                    } else {
                        failures.add(t.id() + ": " + outcome.substring("FAILED ".length()));
                    }
                }
                int d = done;
                int c = created;
                int x = existing;
                String f = failures.isEmpty() ? null : String.join("\n", failures);
                jpa.operator(em -> {
                    RunEntity r = em.find(RunEntity.class, runId);
                    r.done = d;
                    r.created = c;
                    r.existing = x;
                    r.failures = f;
                    return null;
                });
                long pause = cfg.run_pause_ms();
                if (pause > 0) {
                    Thread.sleep(pause); // throttle between batches (etc/seatline.billing.cfg run.pause.ms)
                }
            }
            finish(runId, failures.isEmpty() ? "DONE" : "FAILED", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(runId, "INTERRUPTED", null);
        } catch (RuntimeException e) {
            LOG.error("Billing run {} stopped", runId, e);
            finish(runId, "INTERRUPTED", e.toString());
        } finally {
            synchronized (busy) {
                busy.values().removeIf(runId::equals);
            }
        }
    }

    private void finish(String runId, String state, String error) {
        try {
            jpa.operator(em -> {
                RunEntity r = em.find(RunEntity.class, runId);
                r.state = state;
                r.finishedAt = Instant.now();
                if (error != null) {
                    r.failures = (r.failures == null ? "" : r.failures + "\n") + error;
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not record the end of billing run {}: {}", runId, e.toString());
        }
    }

    /** The run's tenants in batches of etc/seatline.billing.cfg {@code run.batch}. */
    private List<List<InvoiceBuilder.TenantInfo>> batches(List<InvoiceBuilder.TenantInfo> infos) {
        int size = Math.max(1, cfg.run_batch());
        List<List<InvoiceBuilder.TenantInfo>> out = new ArrayList<>();
        for (int i = 0; i < infos.size(); i += size) {
            out.add(infos.subList(i, Math.min(infos.size(), i + size)));
        }
        return out;
    }

    /** A tenant already invoiced for a later period cannot be billed for this one (its advance billing would be wrong). */
    private static RunInputs.Of billable(InvoiceBuilder.TenantInfo t, RunInputs.Of o) {
        if (o.later != null) {
            throw new InvoiceBuilder.NotBillable("tenant " + t.id() + " is already invoiced for the later period " + o.later
                + ": bill periods in order (discard the later draft first)");
        }
        return o;
    }

    /**
     * One batch of a run: first rate what telephony wrote and billing missed (per tenant whose counts differ, in its own
     * transactions), then, in one transaction, read the batch's data in a few set queries and create a draft invoice for
     * each tenant that has no live one for the period yet (a rerun, or a run that died after it). Returns each tenant's
     * outcome: CREATED, EXISTING or "FAILED reason". Should another server's run insert one of the drafts first (the
     * unique live key), the batch is redone tenant by tenant.
     */
    private Map<String, String> billBatch(String runId, List<InvoiceBuilder.TenantInfo> batch, Period p) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, InvoiceBuilder.TenantInfo> byId = new HashMap<>();
        batch.forEach(t -> byId.put(t.id(), t));
        for (String missed : db(em -> RunInputs.missed(em, batch, p))) {
            Instant[] w = RunInputs.window(p, byId.get(missed).zone());
            try {
                rateMissed(missed, w[0], w[1]);
            } catch (RuntimeException e) {
                LOG.error("Billing run {}: rating the missed calls of {} failed", runId, missed, e);
                out.put(missed, "FAILED rating its calls: " + e);
            }
        }
        List<InvoiceBuilder.TenantInfo> todo = batch.stream().filter(t -> !out.containsKey(t.id())).toList();
        try {
            out.putAll(jpa.operator(em -> {
                Map<String, String> result = new HashMap<>();
                List<PlanVersionEntity> versions = Catalog.versions(em);
                Map<String, RunInputs.Of> in = RunInputs.load(em, todo, p);
                for (InvoiceBuilder.TenantInfo t : todo) {
                    RunInputs.Of o = in.get(t.id());
                    if (o.live != null) {
                        result.put(t.id(), "EXISTING");
                        continue;
                    }
                    try {
                        InvoiceEntity inv = builder.build(t, billable(t, o), versions, p, Instant.now()).invoice();
                        inv.id = UUID.randomUUID().toString();
                        inv.runId = runId;
                        em.persist(inv);
                        result.put(t.id(), "CREATED");
                    } catch (InvoiceBuilder.NotBillable | io.seatline.core.SeatlineException e) {
                        result.put(t.id(), "FAILED " + e.getMessage());
                    }
                }
                em.flush();
                return result;
            }));
        } catch (PersistenceException e) {
            if (todo.size() > 1) {
                for (InvoiceBuilder.TenantInfo t : todo) {
                    out.putAll(billBatch(runId, List.of(t), p));
                }
            } else if (todo.size() == 1) {
                String id = todo.get(0).id();
                if (jpa.operator(em -> InvoiceBuilder.live(em, id, p) != null)) {
                    out.put(id, "EXISTING"); // another run created it between our check and our insert
                } else {
                    LOG.error("Billing run {}: tenant {} failed", runId, id, e);
                    out.put(id, "FAILED " + e);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Billing run {}: a batch of {} tenants failed", runId, todo.size(), e);
            todo.forEach(t -> out.putIfAbsent(t.id(), "FAILED " + e));
        }
        return out;
    }

    @Override
    public RunStatus runStatus(String runId) {
        staff();
        return db(em -> {
            RunEntity r = runId == null ? null : em.find(RunEntity.class, runId);
            if (r == null) {
                throw new NotFoundException("not_found", "billing run '" + runId + "' not found");
            }
            return toApi(r);
        });
    }

    @Override
    public List<RunStatus> runs(int limit) {
        staff();
        return db(em -> em.createQuery("select r from RunEntity r order by r.startedAt desc", RunEntity.class)
            .setMaxResults(Math.max(1, Math.min(limit, 500))).getResultStream().map(BillingServiceImpl::toApi).toList());
    }

    // =================================================================== invoices

    @Override
    public Page<Invoice> invoices(String tenant, String period, String status, int offset, int limit) {
        if (tenant == null) {
            staff();
        } else {
            reader(tenant);
        }
        String p = period == null || period.isBlank() ? null : Period.parse(period).toString();
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        return db(em -> {
            Jpa.Where w = new Jpa.Where("i").eq("tenantId", tenant).eq("period", p).eq("status", s);
            List<InvoiceEntity> rows = w.bind(em.createQuery("select i from InvoiceEntity i" + w.where()
                + " order by i.period desc, i.tenantId, i.kind, i.createdAt", InvoiceEntity.class)).setFirstResult(offset).setMaxResults(limit)
                .getResultList();
            long total = w.bind(em.createQuery("select count(i) from InvoiceEntity i" + w.where(), Long.class)).getSingleResult();
            return new Page<>(withMoney(em, rows), total, offset, limit);
        });
    }

    /** Invoices with their credited and paid amounts. */
    private static List<Invoice> withMoney(EntityManager em, List<InvoiceEntity> rows) {
        List<String> ids = rows.stream().map(i -> i.id).toList();
        Map<String, BigDecimal> credited = new HashMap<>();
        Map<String, BigDecimal> paid = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Object[] r : em.createQuery("select c.refersTo, sum(c.total) from InvoiceEntity c where c.refersTo in :ids and c.status = 'ISSUED' "
                + "group by c.refersTo", Object[].class).setParameter("ids", ids).getResultList()) {
                credited.put((String) r[0], (BigDecimal) r[1]);
            }
            for (Object[] r : em.createQuery("select p.invoiceId, sum(p.amount) from PaymentEntity p where p.invoiceId in :ids group by p.invoiceId",
                Object[].class).setParameter("ids", ids).getResultList()) {
                paid.put((String) r[0], (BigDecimal) r[1]);
            }
        }
        Map<String, String> numbers = new HashMap<>();
        List<String> refs = rows.stream().map(i -> i.refersTo).filter(java.util.Objects::nonNull).distinct().toList();
        if (!refs.isEmpty()) {
            em.createQuery("select i.id, i.number from InvoiceEntity i where i.id in :ids", Object[].class).setParameter("ids", refs).getResultList()
                .forEach(r -> numbers.put((String) r[0], (String) r[1]));
        }
        return rows.stream().map(i -> toApi(i, credited, paid, numbers.get(i.refersTo))).toList();
    }

    /** The invoice if {@code caller} may read it (checked in the caller's context, not billing's own). */
    private static InvoiceEntity readable(EntityManager em, String id, CallContext caller) {
        InvoiceEntity i = id == null ? null : em.find(InvoiceEntity.class, id);
        if (i == null) {
            throw new NotFoundException("not_found", "invoice '" + id + "' not found");
        }
        if (!TenantContext.call(caller, BillingServiceImpl::isStaff)) {
            try {
                TenantContext.run(caller, () -> reader(i.getTenantId()));
            } catch (ForbiddenException e) {
                throw new NotFoundException("not_found", "invoice '" + id + "' not found"); // another tenant's: not even its existence
            }
        }
        return i;
    }

    @Override
    public Invoice invoice(String id) {
        CallContext caller = TenantContext.current();
        return db(em -> withMoney(em, List.of(readable(em, id, caller))).get(0));
    }

    @Override
    public Invoice issue(String id, boolean force) {
        CallContext who = staff();
        Invoice issued = db(em -> {
            InvoiceEntity i = em.find(InvoiceEntity.class, id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE);
            if (i == null) {
                throw new NotFoundException("not_found", "invoice '" + id + "' not found");
            }
            if (!"DRAFT".equals(i.status)) {
                throw new ConflictException("not_draft", "invoice " + (i.number != null ? i.number : i.id) + " is " + i.status + ": only a draft is issued");
            }
            Tenant t = tenant(i.getTenantId());
            ZoneId zone = zone(t);
            if (i.kind.equals("INVOICE") && !force) {
                if (!Period.parse(i.period).closed(zone, clock.instant())) {
                    throw new ConflictException("period_open", "period " + i.period + " of " + t.id() + " is not over: issue it after it ends, or force");
                }
                long unrated = em.createQuery("select count(u) from UnratedEntity u where u.tenantId = :t and u.period = :p", Long.class)
                    .setParameter("t", i.getTenantId()).setParameter("p", i.period).getSingleResult();
                if (unrated > 0) {
                    throw new ConflictException("unrated_calls", unrated + " calls of " + t.id() + " in " + i.period + " have no rate: add the rates, "
                        + "rerate and run again (discard this draft), or force to issue without them");
                }
            }
            if (i.kind.equals("CREDIT_NOTE")) {
                InvoiceEntity ref = em.find(InvoiceEntity.class, i.refersTo, LockModeType.PESSIMISTIC_WRITE);
                BigDecimal left = ref.total.subtract(credited(em, ref.id));
                if (i.total.compareTo(left) > 0) {
                    throw new ConflictException("credit_exceeds", "the credit note (" + i.total.toPlainString() + ") is more than what is left of "
                        + ref.number + " (" + left.toPlainString() + ")");
                }
            }
            SeqEntity seq = em.find(SeqEntity.class, i.kind.equals("INVOICE") ? "INV" : "CN", LockModeType.PESSIMISTIC_WRITE);
            i.number = (i.kind.equals("INVOICE") ? cfg.invoice_prefix() : cfg.credit_prefix()) + String.format("%06d", seq.next);
            seq.next++;
            i.status = "ISSUED";
            i.issuedOn = LocalDate.now(clock.withZone(zone));
            ProfileEntity profile = em.find(ProfileEntity.class, i.getTenantId());
            i.dueOn = i.issuedOn.plusDays(profile == null ? 30 : profile.paymentTermsDays);
            i.issuedAt = Instant.now();
            i.issuedBy = who.principal();
            i.docJson = JsonColumns.write(document(em, i, profile));
            if (i.kind.equals("INVOICE")) {
                Period p = Period.parse(i.period);
                Jpa.inTenant(em, i.getTenantId(), () -> Jpa.bulk(em, "update ChargeEntity c set c.invoiceId = :i where c.kind = 'FEE' "
                    + "and c.validFrom >= :a and c.validFrom < :b").setParameter("i", i.id).setParameter("a", p.start())
                    .setParameter("b", p.end()).executeUpdate());
            }
            em.flush();
            return withMoney(em, List.of(i)).get(0);
        });
        audited(issued.tenantId(), issued.kind().equals("INVOICE") ? "invoice.issue" : "creditnote.issue", issued.number(),
            "id=" + issued.id() + " total=" + issued.total().toPlainString() + " " + issued.currency() + (force ? " forced" : ""));
        eventAdmin.postEvent(new Event(BillingEvents.ISSUED, SeatlineEvents.properties(BillingEvents.ISSUED, issued.tenantId(), who.principal(),
            Instant.now(), Map.of("invoice.id", issued.id(), "invoice.number", issued.number(), "invoice.kind", issued.kind()))));
        return issued;
    }

    private static BigDecimal credited(EntityManager em, String invoiceId) {
        BigDecimal c = em.createQuery("select sum(c.total) from InvoiceEntity c where c.refersTo = :i and c.status = 'ISSUED'", BigDecimal.class)
            .setParameter("i", invoiceId).getSingleResult();
        return c == null ? BigDecimal.ZERO : c;
    }

    @Override
    public Invoice discard(String id, String reason) {
        staff();
        Invoice d = db(em -> {
            InvoiceEntity i = em.find(InvoiceEntity.class, id == null ? "" : id, LockModeType.PESSIMISTIC_WRITE);
            if (i == null) {
                throw new NotFoundException("not_found", "invoice '" + id + "' not found");
            }
            if (!"DRAFT".equals(i.status)) {
                throw new ConflictException("not_draft", "invoice " + (i.number != null ? i.number : i.id) + " is " + i.status
                    + ": an issued invoice is corrected by a credit note, never discarded");
            }
            i.status = "DISCARDED";
            i.liveKey = null;
            i.reason = Rating.clip(blank(reason), 500);
            return withMoney(em, List.of(i)).get(0);
        });
        audited(d.tenantId(), "invoice.discard", d.id(), d.period() + (reason == null ? "" : " " + reason));
        return d;
    }

    @Override
    public Invoice creditNote(String invoiceId, CreditSpec spec) {
        CallContext who = staff();
        if (spec == null || spec.reason() == null || spec.reason().isBlank()) {
            throw new ValidationException("required", "a credit note needs a reason (printed on it)", "reason");
        }
        Invoice cn = db(em -> {
            InvoiceEntity ref = em.find(InvoiceEntity.class, invoiceId == null ? "" : invoiceId);
            if (ref == null) {
                throw new NotFoundException("not_found", "invoice '" + invoiceId + "' not found");
            }
            if (!"ISSUED".equals(ref.status) || !"INVOICE".equals(ref.kind)) {
                throw new ConflictException("not_issued", "a credit note refers to an issued invoice");
            }
            int minor = Currency.getInstance(ref.currency).getDefaultFractionDigits();
            BigDecimal pending = em.createQuery("select sum(c.total) from InvoiceEntity c where c.refersTo = :i and c.status <> 'DISCARDED'",
                BigDecimal.class).setParameter("i", ref.id).getSingleResult();
            BigDecimal left = ref.total.subtract(pending == null ? BigDecimal.ZERO : pending);
            List<InvoiceLine> refLines = lines(ref);
            List<InvoiceLine> lines = new ArrayList<>();
            if (spec.whole()) {
                if (pending != null && pending.signum() != 0) {
                    throw new ConflictException("already_credited", "part of " + ref.number + " is credited already: credit the rest line by line");
                }
                lines.addAll(refLines.stream().map(l -> new InvoiceLine(l.no(), l.section(), l.code(), l.description(), l.from(), l.to(), l.quantity(),
                    l.unit(), l.unitPrice(), l.net(), l.taxRate(), l.tax())).toList());
            } else {
                if (spec.lines() == null || spec.lines().isEmpty()) {
                    throw new ValidationException("required", "lines to credit, or full: true", "lines");
                }
                BigDecimal rate = refLines.isEmpty() ? BigDecimal.ZERO : refLines.get(0).taxRate();
                for (int k = 0; k < spec.lines().size(); k++) {
                    CreditLine l = spec.lines().get(k);
                    if (l.description() == null || l.description().isBlank()) {
                        throw new ValidationException("required", "each line needs a description", "lines[" + k + "].description");
                    }
                    if (l.net() == null || l.net().signum() <= 0 || l.net().scale() > minor) {
                        throw new ValidationException("invalid_amount", "net: more than zero, at most " + minor + " decimals (" + ref.currency + ")",
                            "lines[" + k + "].net");
                    }
                    lines.add(new InvoiceLine(k + 1, "CREDIT", "CREDIT", Rating.clip(l.description(), 200), ref.periodFrom, ref.periodTo, BigDecimal.ONE, "each",
                        l.net(), l.net().setScale(minor), rate, l.net().multiply(rate).setScale(minor, RoundingMode.HALF_UP)));
                }
            }
            BigDecimal net = lines.stream().map(InvoiceLine::net).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(minor);
            BigDecimal tax = lines.stream().map(InvoiceLine::tax).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(minor);
            if (net.add(tax).compareTo(left) > 0) {
                throw new ValidationException("credit_exceeds", "the credit (" + net.add(tax).toPlainString() + " with tax) is more than what is left of "
                    + ref.number + " (" + left.toPlainString() + ")", "lines");
            }
            InvoiceEntity c = new InvoiceEntity();
            c.id = UUID.randomUUID().toString();
            c.setTenantId(ref.getTenantId());
            c.tenantName = ref.tenantName;
            c.kind = "CREDIT_NOTE";
            c.status = "DRAFT";
            c.period = ref.period;
            c.periodFrom = ref.periodFrom;
            c.periodTo = ref.periodTo;
            c.currency = ref.currency;
            c.net = net;
            c.tax = tax;
            c.total = net.add(tax);
            c.refersTo = ref.id;
            c.reason = Rating.clip(spec.reason().trim(), 500);
            c.linesJson = JsonColumns.write(lines);
            c.createdAt = Instant.now();
            c.issuedBy = null;
            em.persist(c);
            em.flush();
            return withMoney(em, List.of(c)).get(0);
        });
        audited(cn.tenantId(), "creditnote.create", cn.refersToNumber(), "id=" + cn.id() + " total=" + cn.total().toPlainString() + " by "
            + who.principal());
        return cn;
    }

    static List<InvoiceLine> lines(InvoiceEntity i) {
        return JsonColumns.read(i.linesJson, new TypeReference<List<InvoiceLine>>() { });
    }

    /** The document as printed; frozen into the invoice when it is issued, so a later change of names or addresses never alters it. */
    private InvoiceDoc document(EntityManager em, InvoiceEntity i, ProfileEntity profile) {
        if (i.docJson != null) {
            return JsonColumns.read(i.docJson, InvoiceDoc.class);
        }
        List<InvoiceLine> lines = lines(i);
        String refNumber = i.refersTo == null ? null : em.find(InvoiceEntity.class, i.refersTo).number;
        Map<BigDecimal, BigDecimal[]> taxes = new LinkedHashMap<>();
        List<InvoiceDoc.Line> docLines = new ArrayList<>();
        for (InvoiceLine l : lines) {
            String detail = (l.quantity() == null ? "" : l.quantity().stripTrailingZeros().toPlainString() + " " + l.unit())
                + (l.unitPrice() == null ? "" : " × " + l.unitPrice().stripTrailingZeros().toPlainString())
                + (l.from() == null ? "" : ", " + l.from() + (l.to() == null || l.to().equals(l.from()) ? "" : " – " + l.to()));
            docLines.add(new InvoiceDoc.Line(l.section(), l.description(), detail, l.net(), l.taxRate(), l.tax()));
            BigDecimal[] t = taxes.computeIfAbsent(l.taxRate(), r -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            t[0] = t[0].add(l.net());
            t[1] = t[1].add(l.tax());
        }
        String taxName = profile == null || profile.taxName == null ? "VAT" : profile.taxName;
        List<InvoiceDoc.Tax> taxLines = taxes.entrySet().stream().map(e -> new InvoiceDoc.Tax(taxName, e.getKey(), e.getValue()[0], e.getValue()[1]))
            .toList();
        return new InvoiceDoc(i.kind, i.number, i.issuedOn, i.periodFrom, i.periodTo, i.dueOn, i.currency,
            new InvoiceDoc.Party(cfg.operator_name(), blank(cfg.operator_address()), blank(cfg.operator_tax_id())),
            new InvoiceDoc.Party(i.tenantName, profile == null ? null : profile.address, profile == null ? null : profile.taxId), docLines, taxLines,
            i.net, i.tax, i.total, refNumber == null ? null : refNumber + (i.reason == null ? "" : " — " + i.reason));
    }

    @Override
    public byte[] pdf(String invoiceId) {
        CallContext caller = TenantContext.current();
        InvoiceDoc doc = db(em -> {
            InvoiceEntity i = readable(em, invoiceId, caller);
            return document(em, i, em.find(ProfileEntity.class, i.getTenantId()));
        });
        return new InvoicePdf(cfg.pdf_font()).render(doc);
    }

    @Override
    public String export(String period, String tenant, String format) {
        if (tenant == null) {
            staff();
        } else {
            reader(tenant);
        }
        Period p = Period.parse(period);
        String f = format == null ? "csv" : format.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("json")) {
            throw new ValidationException("invalid_format", "format is csv or json", "format");
        }
        Jpa.Where w = new Jpa.Where("i").eq("tenantId", tenant).eq("period", p.toString()).and("i.status <> 'DISCARDED'");
        List<InvoiceEntity> rows = db(em -> w.bind(em.createQuery("select i from InvoiceEntity i" + w.where()
            + " order by i.tenantId, i.kind, i.createdAt", InvoiceEntity.class)).getResultList());
        if (f.equals("json")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (InvoiceEntity i : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("invoiceId", i.id);
                m.put("number", i.number);
                m.put("tenantId", i.getTenantId());
                m.put("tenantName", i.tenantName);
                m.put("kind", i.kind);
                m.put("status", i.status);
                m.put("period", i.period);
                m.put("currency", i.currency);
                m.put("net", i.net);
                m.put("tax", i.tax);
                m.put("total", i.total);
                m.put("lines", lines(i));
                out.add(m);
            }
            return JsonColumns.write(out);
        }
        StringBuilder csv = new StringBuilder(CsvText.line(List.of("invoice_id", "number", "tenant_id", "tenant_name", "kind", "status", "period",
            "currency", "line", "section", "code", "description", "from", "to", "quantity", "unit", "unit_price", "net", "tax_rate", "tax")));
        for (InvoiceEntity i : rows) {
            for (InvoiceLine l : lines(i)) {
                csv.append(CsvText.line(Arrays.asList(i.id, i.number, i.getTenantId(), i.tenantName, i.kind, i.status, i.period, i.currency,
                    Integer.toString(l.no()), l.section(), l.code(), l.description(), l.from() == null ? "" : l.from().toString(),
                    l.to() == null ? "" : l.to().toString(), plain(l.quantity()), l.unit(), plain(l.unitPrice()), plain(l.net()), plain(l.taxRate()),
                    plain(l.tax()))));
            }
        }
        return csv.toString();
    }

    private static String plain(BigDecimal b) {
        return b == null ? "" : b.toPlainString();
    }

    // =================================================================== payments

    @Override
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
            Invoice api = withMoney(em, List.of(i)).get(0);
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

    @Override
    public List<Payment> payments(String tenant) {
        reader(tenant);
        return db(em -> em.createQuery("select p, i.number from PaymentEntity p, InvoiceEntity i where i.id = p.invoiceId and p.tenantId = :t "
            + "order by p.paidOn, p.recordedAt", Object[].class).setParameter("t", tenant).getResultStream()
            .map(r -> toApi((PaymentEntity) r[0], (String) r[1])).toList());
    }

    @Override
    public Balance balance(String tenant) {
        reader(tenant);
        Tenant t = tenant(tenant);
        LocalDate today = LocalDate.now(clock.withZone(zone(t)));
        return db(em -> {
            ProfileEntity p = em.find(ProfileEntity.class, tenant);
            List<Invoice> issued = withMoney(em, em.createQuery("select i from InvoiceEntity i where i.tenantId = :t and i.status = 'ISSUED' "
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

    @Override
    public List<Invoice> overdue(LocalDate asOf) {
        staff();
        LocalDate day = asOf != null ? asOf : LocalDate.now(clock);
        return db(em -> withMoney(em, em.createQuery("select i from InvoiceEntity i where i.status = 'ISSUED' and i.kind = 'INVOICE' "
            + "and i.dueOn < :d order by i.dueOn, i.number", InvoiceEntity.class).setParameter("d", day).getResultList()).stream()
            .filter(i -> i.balance().signum() > 0).toList());
    }

    // =================================================================== helpers and mapping

    private static String currency(String c, String field) {
        String u = c == null ? "" : c.trim().toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(u)) {
            throw new ValidationException("invalid_currency", "currency: one of " + new TreeSet<>(CURRENCIES), field);
        }
        return u;
    }

    private static void positive(BigDecimal v, String field, boolean required) {
        if (v == null) {
            if (required) {
                throw new ValidationException("required", field + " is required", field);
            }
            return;
        }
        if (v.signum() <= 0) {
            throw new ValidationException("invalid_price", field + " must be more than zero", field);
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static PlanVersion toApi(PlanVersionEntity v, List<RateRow> rates) {
        return new PlanVersion(v.id, v.plan, v.name, v.validFrom, v.validTo, v.currency, v.dedicatedSeat, v.sharedSeat, v.sharedAgentHour,
            v.recordingGbMonth, "bands are in each tenant's own time zone", Catalog.bands(v.bandsJson), v.defaultBand, rates, v.rateCount,
            v.createdAt, v.createdBy);
    }

    private static RateRow toApi(RateEntity r) {
        return new RateRow(r.direction, r.prefix, r.band, r.perMinute, r.connectionFee, r.minimumCharge, r.increment, r.description);
    }

    private static Profile toApi(ProfileEntity p) {
        return new Profile(p.id, p.currency, p.legalName, p.address, p.taxId, p.taxName, p.taxRate, p.email, p.paymentTermsDays, p.updatedAt);
    }

    private static Charge toApi(ChargeEntity c) {
        return new Charge(c.id, c.getTenantId(), c.kind, c.description, c.amount, c.percent, c.validFrom, c.validTo, c.invoiceId, c.createdAt,
            c.createdBy);
    }

    private static Usage toApi(UsageEntity u) {
        return new Usage(u.cdrId, u.getTenantId(), u.period, u.category, u.number, u.answeredAt, u.talkMs, u.billableSeconds, u.planVersionId,
            u.prefix, u.band, u.perMinute, u.increment, u.connectionFee, u.amount, u.currency, u.detail, u.ratedAt);
    }

    private static Unrated toApi(UnratedEntity u) {
        return new Unrated(u.cdrId, u.getTenantId(), u.period, u.direction, u.number, u.answeredAt, u.talkMs, u.reason, u.notedAt);
    }

    private static RunStatus toApi(RunEntity r) {
        return new RunStatus(r.id, r.period, r.tenants.isEmpty() ? List.of() : List.of(r.tenants.split(",")), r.state, r.total, r.done, r.created,
            r.existing, r.failures == null ? List.of() : List.of(r.failures.split("\n")), r.startedAt, r.finishedAt, r.startedBy);
    }

    private static Invoice toApi(InvoiceEntity i, Map<String, BigDecimal> credited, Map<String, BigDecimal> paid) {
        return toApi(i, credited, paid, null);
    }

    private static Invoice toApi(InvoiceEntity i, Map<String, BigDecimal> credited, Map<String, BigDecimal> paid, String refNumber) {
        BigDecimal c = credited.getOrDefault(i.id, BigDecimal.ZERO);
        BigDecimal p = paid.getOrDefault(i.id, BigDecimal.ZERO);
        int minor = Currency.getInstance(i.currency).getDefaultFractionDigits();
        BigDecimal balance = "ISSUED".equals(i.status) && "INVOICE".equals(i.kind) ? i.total.subtract(c).subtract(p).setScale(minor) : BigDecimal.ZERO
            .setScale(minor);
        return new Invoice(i.id, i.getTenantId(), i.tenantName, i.kind, i.status, i.number, i.period, i.periodFrom, i.periodTo, i.issuedOn, i.dueOn,
            i.currency, i.net.setScale(minor), i.tax.setScale(minor), i.total.setScale(minor), c.setScale(minor), p.setScale(minor), balance,
            i.refersTo, refNumber, i.reason, i.unratedCalls, lines(i), i.runId, i.createdAt, i.issuedAt, i.issuedBy);
    }

    private static Payment toApi(PaymentEntity p, String number) {
        return new Payment(p.id, p.invoiceId, number, p.getTenantId(), p.amount, p.currency, p.paidOn, p.reference, p.recordedAt, p.recordedBy);
    }

    /** For tests and the benchmark: a fixed clock. */
    void setClock(Clock clock) {
        this.clock = clock;
    }
}
