package io.seatline.billing.internal;

import io.seatline.billing.*;
import io.seatline.billing.internal.entity.RunEntity;
import io.seatline.core.Page;
import io.seatline.persistence.Jpa;
import io.seatline.security.AuditService;
import io.seatline.telephony.Cdr;
import io.seatline.telephony.CdrService;
import io.seatline.telephony.TelephonyEvents;
import io.seatline.tenancy.TenantService;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.persistence.EntityManagerFactory;
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
 *
 * <p>This component wires the services, the configuration and the run executor; each section of the API is a part of
 * its own ({@link CatalogPart}, {@link AccountsPart}, {@link RatingPart} — also the CDR-written handler —,
 * {@link RunsPart}, {@link InvoicesPart}, {@link PaymentsPart}) over what they share ({@link BillingPart}).
 */
@Component(service = {BillingService.class, BillingCatalogService.class, BillingAccountService.class, RatingService.class,
    BillingRunService.class, InvoiceService.class, PaymentService.class, EventHandler.class}, immediate = true, configurationPid = "seatline.billing",
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = EventConstants.EVENT_TOPIC + "=" + TelephonyEvents.CDR_WRITTEN)
@Designate(ocd = BillingConfig.class)
public class BillingServiceImpl implements BillingService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BillingServiceImpl.class);

    @Reference(target = "(osgi.unit.name=seatline-billing)")
    private EntityManagerFactory emf;
    @Reference
    TenantService tenants;
    /** the tenant's record for this capability's own work (trusted internal read, no permission) */
    @Reference
    io.seatline.tenancy.TenantDirectory directory;
    @Reference
    CdrService cdrs;
    @Reference
    AuditService audit;
    @Reference
    EventAdmin eventAdmin;

    final Catalog catalog = new Catalog();
    final Rating rating = new Rating(catalog);
    final InvoiceBuilder builder = new InvoiceBuilder();
    /** tenant → id of the run billing it now */
    final Map<String, String> busy = new HashMap<>();
    volatile BillingConfig cfg;
    volatile Clock clock = Clock.systemUTC();
    Jpa jpa;
    ExecutorService runner;
    private CatalogPart catalogPart;
    private AccountsPart accounts;
    private RatingPart ratingPart;
    private RunsPart runs;
    private InvoicesPart invoices;
    private PaymentsPart payments;

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
        catalogPart = new CatalogPart(this);
        accounts = new AccountsPart(this);
        ratingPart = new RatingPart(this);
        runs = new RunsPart(this);
        invoices = new InvoicesPart(this);
        payments = new PaymentsPart(this);
        ratingPart.start();
        int stale = BillingPart.system(() -> jpa.operator(em -> Jpa.operatorBulk(em, "update RunEntity r set r.state = 'INTERRUPTED', r.finishedAt = :now "
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
        ratingPart.stop();
        runner.shutdownNow();
        try {
            runner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // =================================================================== the API, by part

    @Override
    public PlanVersion createPlanVersion(PlanVersion spec) {
        return catalogPart.createPlanVersion(spec);
    }

    @Override
    public List<PlanVersion> planVersions(String plan) {
        return catalogPart.planVersions(plan);
    }

    @Override
    public PlanVersion planVersion(String id) {
        return catalogPart.planVersion(id);
    }

    @Override
    public Page<RateRow> rates(String versionId, String prefix, int offset, int limit) {
        return catalogPart.rates(versionId, prefix, offset, limit);
    }

    @Override
    public PlanVersion replaceRates(String versionId, String csv) {
        return catalogPart.replaceRates(versionId, csv);
    }

    @Override
    public RateCheck checkRates(String versionId, String csv) {
        return catalogPart.checkRates(versionId, csv);
    }

    @Override
    public List<AccountSummary> billingAccounts() {
        return accounts.accounts();
    }

    @Override
    public Profile profile(String tenant) {
        return accounts.profile(tenant);
    }

    @Override
    public Profile saveProfile(String tenant, Profile spec) {
        return accounts.saveProfile(tenant, spec);
    }

    @Override
    public Subscription subscribe(String tenant, String plan, LocalDate from) {
        return accounts.subscribe(tenant, plan, from);
    }

    @Override
    public List<Subscription> subscriptions(String tenant) {
        return accounts.subscriptions(tenant);
    }

    @Override
    public Charge addCharge(String tenant, Charge spec) {
        return accounts.addCharge(tenant, spec);
    }

    @Override
    public List<Charge> charges(String tenant) {
        return accounts.charges(tenant);
    }

    @Override
    public void removeCharge(String tenant, String chargeId) {
        accounts.removeCharge(tenant, chargeId);
    }

    @Override
    public void handleEvent(Event event) {
        ratingPart.handleEvent(event);
    }

    @Override
    public List<RatingResult> rate(List<Cdr> cdrList) {
        return ratingPart.rate(cdrList);
    }

    @Override
    public int rerate(String tenant) {
        return ratingPart.rerate(tenant);
    }

    @Override
    public Page<Usage> usage(String tenant, String period, int offset, int limit) {
        return ratingPart.usage(tenant, period, offset, limit);
    }

    @Override
    public Page<Unrated> unrated(String tenant, String period, int offset, int limit) {
        return ratingPart.unrated(tenant, period, offset, limit);
    }

    @Override
    public Preview preview(RunRequest request) {
        return runs.preview(request);
    }

    @Override
    public RunStatus run(RunRequest request) {
        return runs.run(request);
    }

    @Override
    public RunStatus runStatus(String runId) {
        return runs.runStatus(runId);
    }

    @Override
    public List<RunStatus> runs(int limit) {
        return runs.runs(limit);
    }

    @Override
    public Page<Invoice> invoices(String tenant, String period, String status, io.seatline.core.Sort sort, int offset, int limit) {
        return invoices.invoices(tenant, period, status, sort, offset, limit);
    }

    @Override
    public Invoice invoice(String id) {
        return invoices.invoice(id);
    }

    @Override
    public Invoice issue(String id, boolean force) {
        return invoices.issue(id, force);
    }

    @Override
    public Invoice discard(String id, String reason) {
        return invoices.discard(id, reason);
    }

    @Override
    public Invoice creditNote(String invoiceId, CreditSpec spec) {
        return invoices.creditNote(invoiceId, spec);
    }

    @Override
    public byte[] pdf(String invoiceId) {
        return invoices.pdf(invoiceId);
    }

    @Override
    public String export(String period, String tenant, String format) {
        return invoices.export(period, tenant, format);
    }

    @Override
    public Payment pay(String invoiceId, BigDecimal amount, LocalDate paidOn, String reference) {
        return payments.pay(invoiceId, amount, paidOn, reference);
    }

    @Override
    public List<Payment> payments(String tenant) {
        return payments.payments(tenant);
    }

    @Override
    public Balance balance(String tenant) {
        return payments.balance(tenant);
    }

    @Override
    public List<Invoice> overdue(LocalDate asOf) {
        return payments.overdue(asOf);
    }

    /** For tests and the benchmark: a fixed clock. */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    RunsPart runs() {
        return runs;
    }

    InvoicesPart invoices() {
        return invoices;
    }

    AccountsPart accounts() {
        return accounts;
    }

    RatingPart ratingPart() {
        return ratingPart;
    }

    CatalogPart catalogPart() {
        return catalogPart;
    }

    PaymentsPart payments() {
        return payments;
    }
}
