package io.seatline.core;

import java.util.List;

/** The roles Seatline knows. Role names are public API (stored with users, used in permissions). */
public final class Roles {
    public static final String OPERATOR = "operator";
    public static final String TENANT_ADMIN = "tenant-admin";
    public static final String SUPERVISOR = "supervisor";
    public static final String AGENT = "agent";
    public static final String QA = "qa";
    public static final String BILLING = "billing";
    public static final String INTEGRATOR = "integrator";

    /** Roles an operator-level user (no tenant) may hold: the operator, or the operator's billing staff (billing only). */
    public static final List<String> OPERATOR_ROLES = List.of(OPERATOR, BILLING);

    /** Roles a tenant user may hold (operator is not one of them). */
    public static final List<String> TENANT_ROLES = List.of(TENANT_ADMIN, SUPERVISOR, AGENT, QA, BILLING, INTEGRATOR);

    private Roles() {}

    /** Permission string for {@code area:action} inside {@code tenant}, e.g. {@code tenant:acme:seats:write}. */
    public static String perm(String tenant, String area, String action) {
        return "tenant:" + tenant + ":" + area + ":" + action;
    }
}
