package io.seatline.billing;

import io.seatline.core.Page;
import io.seatline.telephony.Cdr;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Billing of the operator's tenants. Catalog, runs, issuing, credit notes and payments are billing staff's work (the
 * operator, or an operator-level user with the {@code billing} role); a tenant's admin and billing users read their
 * own tenant's invoices, payments and balance only. Money is BigDecimal in the currency named next to it; every
 * invoice line is rounded half-up to the currency's minor unit, and tax is computed per line.
 */
public interface BillingService {

    // ------------------------------------------------------------------ catalog

    /** A time band of a plan: {@code days} MON..SUN, {@code from}/{@code to} HH:mm local time ({@code to} 24:00 allowed). */
    record Band(String name, List<String> days, String from, String to) {
    }

    /**
     * One usage rate. {@code direction} INBOUND or OUTBOUND; {@code prefix} digits (longest match wins); {@code band} a
     * band name or {@code *}; {@code increment} "60/60", "6/6", "60/1" (first minute, then per second).
     */
    record RateRow(String direction, String prefix, String band, BigDecimal perMinute, BigDecimal connectionFee, BigDecimal minimumCharge,
                   String increment, String description) {
    }

    /**
     * A version of a rate plan, in force on [{@code validFrom}, {@code validTo}) (validTo null: open-ended). Versions of one
     * plan never overlap. Seat prices are per seat and month; {@code sharedAgentHour} prices the agent-hours worked on shared
     * seats; {@code recordingGbMonth} the recordings stored at the end of a month.
     */
    record PlanVersion(String id, String plan, String name, LocalDate validFrom, LocalDate validTo, String currency,
                       BigDecimal dedicatedSeat, BigDecimal sharedSeat, BigDecimal sharedAgentHour, BigDecimal recordingGbMonth,
                       String timezoneNote, List<Band> bands, String defaultBand, List<RateRow> rates, Integer rateCount, Instant createdAt,
                       String createdBy) {
    }

    /** Creates a plan version (rates inline, or later by {@link #replaceRates}); overlaps, bad prices and duplicate prefixes: 400. */
    PlanVersion createPlanVersion(PlanVersion spec);

    /** The versions of every plan, or of one plan, without their rate rows (see {@link #rates}). */
    List<PlanVersion> planVersions(String plan);

    PlanVersion planVersion(String id);

    Page<RateRow> rates(String versionId, String prefix, int offset, int limit);

    /**
     * Replaces a version's rate rows from CSV ({@code direction,prefix,band,per_minute,connection_fee,minimum_charge,increment,description},
     * header first). All or nothing: a bad row refuses the whole file with the row number.
     */
    PlanVersion replaceRates(String versionId, String csv);

    // ------------------------------------------------------------------ tenants

    /** How a tenant is billed. {@code taxRate} is a fraction (0.06 = 6 %); {@code paymentTermsDays} from the issue date. */
    record Profile(String tenantId, String currency, String legalName, String address, String taxId, String taxName, BigDecimal taxRate,
                   String email, Integer paymentTermsDays, Instant updatedAt) {
    }

    Profile profile(String tenant);

    Profile saveProfile(String tenant, Profile profile);

    /** The tenant is on {@code plan} from {@code from} (inclusive) until the next subscription starts. */
    record Subscription(String id, String tenantId, String plan, LocalDate from, LocalDate to, Instant createdAt, String createdBy) {
    }

    /** Puts the tenant on a plan from a date; a later start ends the previous subscription there (prorated on the next invoice). */
    Subscription subscribe(String tenant, String plan, LocalDate from);

    List<Subscription> subscriptions(String tenant);

    /**
     * A one-off FEE (billed once, on the invoice of the period containing {@code from}) or a DISCOUNT (a {@code percent} of the
     * seat and usage lines, or a fixed {@code amount} per period, for every period overlapping [{@code from}, {@code to}]).
     */
    record Charge(String id, String tenantId, String kind, String description, BigDecimal amount, BigDecimal percent, LocalDate from,
                  LocalDate to, String invoiceId, Instant createdAt, String createdBy) {
    }

    Charge addCharge(String tenant, Charge spec);

    List<Charge> charges(String tenant);

    /** Removes a charge not yet on an issued invoice. */
    void removeCharge(String tenant, String chargeId);

    // ------------------------------------------------------------------ rating

    /** One rated call, with the rate that applied: enough to explain its invoice line. */
    record Usage(String cdrId, String tenantId, String period, String category, String number, Instant answeredAt, long talkMs,
                 long billableSeconds, String planVersionId, String prefix, String band, BigDecimal perMinute, String increment,
                 BigDecimal connectionFee, BigDecimal amount, String currency, String detail, Instant ratedAt) {
    }

    /** A call no rate matched: reported, never charged zero. Rates added later price it on the next {@link #rerate}. */
    record Unrated(String cdrId, String tenantId, String period, String direction, String number, Instant answeredAt, long talkMs,
                   String reason, Instant at) {
    }

    /** RATED, ALREADY_RATED (nothing changed), UNRATED (with the reason) or REJECTED (with the reason, e.g. unknown tenant). */
    record RatingResult(String cdrId, String outcome, BigDecimal amount, String currency, String reason) {
    }

    /** Rates CDRs (the CDR feed; the telephony CDRs are rated as they are written). Each CDR is rated once, by its id. */
    List<RatingResult> rate(List<Cdr> cdrs);

    /** Rates the tenant's written CDRs that are not rated yet, and retries its unrated ones; returns how many became rated. */
    int rerate(String tenant);

    Page<Usage> usage(String tenant, String period, int offset, int limit);

    Page<Unrated> unrated(String tenant, String period, int offset, int limit);

    // ------------------------------------------------------------------ runs

    /** A billing run for a month ({@code yyyy-MM}) and some tenants (null or empty: every tenant with a subscription). */
    record RunRequest(String period, List<String> tenants, Boolean force) {
        public boolean forced() {
            return Boolean.TRUE.equals(force);
        }
    }

    /**
     * A run's state: RUNNING, DONE, FAILED (some tenants failed: see {@code failures}) or INTERRUPTED (the server stopped
     * mid-way; run it again to finish). {@code created} invoices were made by this run, {@code existing} were already there.
     */
    record RunStatus(String id, String period, List<String> tenants, String state, int total, int done, int created, int existing,
                     List<String> failures, Instant startedAt, Instant finishedAt, String startedBy) {
    }

    /** What a run would create, computed without writing anything. */
    record Preview(String period, List<Invoice> invoices, List<String> skipped, List<String> warnings) {
    }

    Preview preview(RunRequest request);

    /** Starts a run in the background; a run overlapping the tenants of a running one is refused (409). */
    RunStatus run(RunRequest request);

    RunStatus runStatus(String runId);

    List<RunStatus> runs(int limit);

    // ------------------------------------------------------------------ invoices

    /** {@code section} SEATS, USAGE, FEES or DISCOUNTS; quantity × unit price = net (rounded); tax per line. */
    record InvoiceLine(int no, String section, String code, String description, LocalDate from, LocalDate to, BigDecimal quantity,
                       String unit, BigDecimal unitPrice, BigDecimal net, BigDecimal taxRate, BigDecimal tax) {
    }

    /**
     * An INVOICE or CREDIT_NOTE. Status DRAFT, ISSUED or DISCARDED; an issued document never changes again (payments and credit
     * notes are recorded against it). {@code balance} = total − credited − paid for an issued invoice.
     */
    record Invoice(String id, String tenantId, String tenantName, String kind, String status, String number, String period,
                   LocalDate periodFrom, LocalDate periodTo, LocalDate issuedOn, LocalDate dueOn, String currency, BigDecimal net,
                   BigDecimal tax, BigDecimal total, BigDecimal credited, BigDecimal paid, BigDecimal balance, String refersTo,
                   String refersToNumber, String reason, int unratedCalls, List<InvoiceLine> lines, String runId, Instant createdAt,
                   Instant issuedAt, String issuedBy) {

        /** The PDF's file name: the number once issued, else draft-{id}. */
        public String pdfName() {
            return (number != null ? number : "draft-" + id) + ".pdf";
        }
    }

    Page<Invoice> invoices(String tenant, String period, String status, int offset, int limit);

    Invoice invoice(String id);

    /**
     * Issues a draft: it takes the next number of the operator's gapless sequence and becomes immutable. Refused while its
     * period is open, or while the tenant has unrated calls in it, unless {@code force}.
     */
    Invoice issue(String id, boolean force);

    Invoice discard(String id, String reason);

    /** Lines to credit: {@code full} credits the whole remaining invoice, else each line is a description and a net amount. */
    record CreditSpec(String reason, Boolean full, List<CreditLine> lines) {
        public boolean whole() {
            return Boolean.TRUE.equals(full);
        }
    }

    record CreditLine(String description, BigDecimal net) {
    }

    /** A DRAFT credit note against an issued invoice; it is issued like an invoice (its own gapless CN sequence). */
    Invoice creditNote(String invoiceId, CreditSpec spec);

    /** The invoice as PDF (Chinese and English). */
    byte[] pdf(String invoiceId);

    /** The lines of the invoices of a period (all tenants the caller may see, or one) as CSV or JSON. */
    String export(String period, String tenant, String format);

    // ------------------------------------------------------------------ payments

    record Payment(String id, String invoiceId, String invoiceNumber, String tenantId, BigDecimal amount, String currency,
                   LocalDate paidOn, String reference, Instant recordedAt, String recordedBy) {
    }

    /** Records a payment against an issued invoice; more than the invoice's balance is refused. */
    Payment pay(String invoiceId, BigDecimal amount, LocalDate paidOn, String reference);

    List<Payment> payments(String tenant);

    record Balance(String tenantId, String currency, BigDecimal invoiced, BigDecimal credited, BigDecimal paid, BigDecimal balance,
                   BigDecimal overdue, int overdueInvoices) {
    }

    Balance balance(String tenant);

    /** Issued invoices with a balance past their due date as of {@code asOf} (null: today), most overdue first. */
    List<Invoice> overdue(LocalDate asOf);
}
