package io.seatline.billing.rest;

import io.seatline.rest.spi.Answer;
import io.seatline.billing.Balance;
import io.seatline.billing.BillingService;
import io.seatline.billing.Charge;
import io.seatline.billing.CreditSpec;
import io.seatline.billing.Invoice;
import io.seatline.billing.Payment;
import io.seatline.billing.PlanVersion;
import io.seatline.billing.Preview;
import io.seatline.billing.Profile;
import io.seatline.billing.RateRow;
import io.seatline.billing.RatingResult;
import io.seatline.billing.RunRequest;
import io.seatline.billing.RunStatus;
import io.seatline.billing.Subscription;
import io.seatline.billing.Unrated;
import io.seatline.billing.Usage;
import io.seatline.core.NotFoundException;
import io.seatline.core.Page;
import io.seatline.rest.spi.Access;
import io.seatline.rest.spi.Requests;
import io.seatline.rest.spi.RestResource;
import io.seatline.telephony.Cdr;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Billing: /billing/* is billing staff's (the operator, or operator-level users with the billing role); a tenant's
 * admin and billing users read their own invoices, payments and balance under /tenants/{t}/invoices. Who may do what
 * is decided by BillingService itself, so every entry point (REST, console) is held to the same rules.
 */
public final class BillingResource {
    private BillingResource() {}

    /** A plan change or first plan: {@code from} the first day on it. */
    public record SubscribeRequest(String plan, LocalDate from) {
    }

    public record PaymentRequest(BigDecimal amount, LocalDate paidOn, String reference) {
    }

    @Component(service = RestResource.class)
    @Path("/billing")
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public static class Staff implements RestResource {
        private final BillingService billing;

        @Activate
        public Staff(@Reference BillingService billing) {
            this.billing = billing;
        }

        @GET
        @Path("plans")
        public List<PlanVersion> plans(@QueryParam("plan") String plan) {
            return billing.planVersions(plan);
        }

        /** A new plan version with its bands and (optionally) its rates; overlapping versions, bad prices or duplicate prefixes: 400. */
        @POST
        @Path("plans")
        @Answer(status = 201, type = PlanVersion.class)
        public Response createPlan(PlanVersion spec) {
            PlanVersion v = billing.createPlanVersion(Access.body(spec));
            return Response.created(URI.create("billing/plans/" + v.id())).entity(v).build();
        }

        @GET
        @Path("plans/{id}")
        public PlanVersion plan(@PathParam("id") String id) {
            return billing.planVersion(id);
        }

        @GET
        @Path("plans/{id}/rates")
        public Page<RateRow> rates(@PathParam("id") String id, @QueryParam("prefix") String prefix, @QueryParam("offset") Integer offset,
                                   @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return billing.rates(id, prefix, w[0], w[1]);
        }

        /** Replaces the version's rates from CSV (header direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description). */
        @PUT
        @Path("plans/{id}/rates")
        @Consumes({"text/csv", MediaType.TEXT_PLAIN})
        public PlanVersion replaceRates(@PathParam("id") String id, String csv) {
            return billing.replaceRates(id, csv);
        }

        /** Checks a rate CSV against the version without writing: every row it would refuse, with why. */
        @POST
        @Path("plans/{id}/rates/check")
        @Consumes({"text/csv", MediaType.TEXT_PLAIN})
        public io.seatline.billing.BillingCatalogService.RateCheck checkRates(@PathParam("id") String id, String csv) {
            return billing.checkRates(id, csv);
        }

        /** The companies with a billing profile (billing staff may not list tenants): id, name, legal name, currency. */
        @GET
        @Path("accounts")
        public List<io.seatline.billing.BillingAccountService.AccountSummary> accounts() {
            return billing.billingAccounts();
        }

        @GET
        @Path("tenants/{t}/profile")
        public Profile profile(@PathParam("t") String tenant) {
            return billing.profile(tenant);
        }

        @PUT
        @Path("tenants/{t}/profile")
        public Profile saveProfile(@PathParam("t") String tenant, Profile profile) {
            return billing.saveProfile(tenant, Access.body(profile));
        }

        @GET
        @Path("tenants/{t}/subscriptions")
        public List<Subscription> subscriptions(@PathParam("t") String tenant) {
            return billing.subscriptions(tenant);
        }

        @POST
        @Path("tenants/{t}/subscriptions")
        @Answer(status = 201, type = Subscription.class)
        public Response subscribe(@PathParam("t") String tenant, SubscribeRequest r) {
            Access.body(r);
            return Response.status(201).entity(billing.subscribe(tenant, r.plan(), r.from())).build();
        }

        @GET
        @Path("tenants/{t}/charges")
        public List<Charge> charges(@PathParam("t") String tenant) {
            return billing.charges(tenant);
        }

        @POST
        @Path("tenants/{t}/charges")
        @Answer(status = 201, type = Charge.class)
        public Response addCharge(@PathParam("t") String tenant, Charge spec) {
            return Response.status(201).entity(billing.addCharge(tenant, Access.body(spec))).build();
        }

        @DELETE
        @Path("tenants/{t}/charges/{id}")
        @Answer(status = 204)
        public Response removeCharge(@PathParam("t") String tenant, @PathParam("id") String id) {
            billing.removeCharge(tenant, id);
            return Response.noContent().build();
        }

        @GET
        @Path("tenants/{t}/usage")
        public Page<Usage> usage(@PathParam("t") String tenant, @QueryParam("period") String period, @QueryParam("offset") Integer offset,
                                 @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return billing.usage(tenant, period, w[0], w[1]);
        }

        @GET
        @Path("tenants/{t}/unrated")
        public Page<Unrated> unrated(@PathParam("t") String tenant, @QueryParam("period") String period, @QueryParam("offset") Integer offset,
                                     @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return billing.unrated(tenant, period, w[0], w[1]);
        }

        /** Rates the tenant's calls that are not rated yet (missed CDRs, unrated calls after new rates). */
        @POST
        @Path("tenants/{t}/rerate")
        public Map<String, Object> rerate(@PathParam("t") String tenant) {
            return Map.of("rated", billing.rerate(tenant));
        }

        @GET
        @Path("tenants/{t}/payments")
        public List<Payment> payments(@PathParam("t") String tenant) {
            return billing.payments(tenant);
        }

        @GET
        @Path("tenants/{t}/balance")
        public Balance balance(@PathParam("t") String tenant) {
            return billing.balance(tenant);
        }

        /** The CDR feed: each CDR is rated once by its id; the answer says per CDR RATED, ALREADY_RATED, UNRATED or REJECTED. */
        @POST
        @Path("cdrs")
        public List<RatingResult> rate(List<Cdr> cdrs) {
            return billing.rate(Access.body(cdrs));
        }

        @POST
        @Path("preview")
        public Preview preview(RunRequest request) {
            return billing.preview(Access.body(request));
        }

        /** Starts a run (202); follow it at GET /billing/runs/{id}. */
        @POST
        @Path("runs")
        @Answer(status = 202, type = RunStatus.class)
        public Response run(RunRequest request) {
            RunStatus s = billing.run(Access.body(request));
            return Response.accepted(s).location(URI.create("billing/runs/" + s.id())).build();
        }

        @GET
        @Path("runs")
        public List<RunStatus> runs(@QueryParam("limit") Integer limit) {
            return billing.runs(Page.window(0, limit == null ? 20 : limit)[1]);
        }

        @GET
        @Path("runs/{id}")
        public RunStatus runStatus(@PathParam("id") String id) {
            return billing.runStatus(id);
        }

        @GET
        @Path("invoices")
        public Page<Invoice> invoices(@QueryParam("tenant") String tenant, @QueryParam("period") String period, @QueryParam("status") String status,
                                      @QueryParam("sort") String sort, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return billing.invoices(tenant, period, status, io.seatline.core.Sort.parse(sort), w[0], w[1]);
        }

        @GET
        @Path("invoices/{id}")
        public Invoice invoice(@PathParam("id") String id) {
            return billing.invoice(id);
        }

        @POST
        @Path("invoices/{id}/issue")
        public Invoice issue(@PathParam("id") String id, @QueryParam("force") Boolean force) {
            return billing.issue(id, Boolean.TRUE.equals(force));
        }

        @POST
        @Path("invoices/{id}/discard")
        public Invoice discard(@PathParam("id") String id, Requests.Reason reason) {
            return billing.discard(id, reason == null ? null : reason.reason());
        }

        @POST
        @Path("invoices/{id}/credit-notes")
        @Answer(status = 201, type = Invoice.class)
        public Response creditNote(@PathParam("id") String id, CreditSpec spec) {
            return Response.status(201).entity(billing.creditNote(id, Access.body(spec))).build();
        }

        @POST
        @Path("invoices/{id}/payments")
        @Answer(status = 201, type = Payment.class)
        public Response pay(@PathParam("id") String id, PaymentRequest r) {
            Access.body(r);
            return Response.status(201).entity(billing.pay(id, r.amount(), r.paidOn(), r.reference())).build();
        }

        @GET
        @Path("invoices/{id}/pdf")
        @Produces({"application/pdf", MediaType.APPLICATION_JSON})
        @Answer(media = "application/pdf")
        public Response pdf(@PathParam("id") String id) {
            return pdfOf(billing, id);
        }

        /** The lines of a period's invoices as CSV (default) or JSON. */
        @GET
        @Path("export")
        @Produces({"text/csv", MediaType.APPLICATION_JSON})
        @Answer(media = "text/csv")
        public Response export(@QueryParam("period") String period, @QueryParam("tenant") String tenant, @QueryParam("format") String format) {
            String body = billing.export(period, tenant, format);
            boolean json = "json".equalsIgnoreCase(format);
            return Response.ok(body).type(json ? "application/json; charset=UTF-8" : "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"invoices-" + period + (json ? ".json" : ".csv") + "\"").build();
        }

        @GET
        @Path("overdue")
        public List<Invoice> overdue(@QueryParam("asOf") String asOf) {
            return billing.overdue(Requests.date(asOf, "asOf"));
        }
    }

    static Response pdfOf(BillingService billing, String id) {
        Invoice i = billing.invoice(id);
        byte[] pdf = billing.pdf(id);
        return Response.ok(pdf).type("application/pdf").header("Content-Disposition", "inline; filename=\"" + i.pdfName() + "\"").build();
    }

    /** A tenant's own invoices (tenant admin and the tenant's billing users; billing staff too). */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/invoices")
    @Produces(MediaType.APPLICATION_JSON)
    public static class OfTenant implements RestResource {
        private final BillingService billing;

        @Activate
        public OfTenant(@Reference BillingService billing) {
            this.billing = billing;
        }

        @GET
        public Page<Invoice> invoices(@PathParam("tenant") String tenant, @QueryParam("period") String period, @QueryParam("status") String status,
                                      @QueryParam("sort") String sort, @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
            int[] w = Page.window(offset, limit);
            return billing.invoices(tenant, period, status, io.seatline.core.Sort.parse(sort), w[0], w[1]);
        }

        @GET
        @Path("{id}")
        public Invoice invoice(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            return own(billing, tenant, id);
        }

        @GET
        @Path("{id}/pdf")
        @Produces({"application/pdf", MediaType.APPLICATION_JSON})
        @Answer(media = "application/pdf")
        public Response pdf(@PathParam("tenant") String tenant, @PathParam("id") String id) {
            own(billing, tenant, id);
            return pdfOf(billing, id);
        }
    }

    /** A tenant's own account: balance, payments, plan and charges. */
    @Component(service = RestResource.class)
    @Path("/tenants/{tenant}/billing")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Account implements RestResource {
        private final BillingService billing;

        @Activate
        public Account(@Reference BillingService billing) {
            this.billing = billing;
        }

        @GET
        @Path("balance")
        public Balance balance(@PathParam("tenant") String tenant) {
            return billing.balance(tenant);
        }

        @GET
        @Path("payments")
        public List<Payment> payments(@PathParam("tenant") String tenant) {
            return billing.payments(tenant);
        }

        @GET
        @Path("subscriptions")
        public List<Subscription> subscriptions(@PathParam("tenant") String tenant) {
            return billing.subscriptions(tenant);
        }

        @GET
        @Path("charges")
        public List<Charge> charges(@PathParam("tenant") String tenant) {
            return billing.charges(tenant);
        }
    }

    private static Invoice own(BillingService billing, String tenant, String id) {
        Invoice i = billing.invoice(id);
        if (!i.tenantId().equals(tenant)) {
            throw new NotFoundException("not_found", "invoice '" + id + "' not found");
        }
        return i;
    }
}
