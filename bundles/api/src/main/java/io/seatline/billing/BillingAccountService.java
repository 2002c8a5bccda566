package io.seatline.billing;

import java.time.LocalDate;
import java.util.List;

/** A tenant's billing account: its profile (legal name, currency, tax), its plan subscriptions and one-off fees and discounts. Billing staff write; the tenant's admin and billing users read their own. */
public interface BillingAccountService {
    /** A billing account as billing staff pick it: the company, its name, and its billing profile's legal name and currency. */
    record AccountSummary(String tenantId, String displayName, String legalName, String currency) {
    }

    /** Every company with a billing profile, by id: the billing staff's companies (they may not list tenants). */
    List<AccountSummary> billingAccounts();

    Profile profile(String tenant);

    Profile saveProfile(String tenant, Profile profile);


    /** Puts the tenant on a plan from a date; a later start ends the previous subscription there (prorated on the next invoice). */
    Subscription subscribe(String tenant, String plan, LocalDate from);

    List<Subscription> subscriptions(String tenant);


    Charge addCharge(String tenant, Charge spec);

    List<Charge> charges(String tenant);

    /** Removes a charge not yet on an issued invoice. */
    void removeCharge(String tenant, String chargeId);
}
