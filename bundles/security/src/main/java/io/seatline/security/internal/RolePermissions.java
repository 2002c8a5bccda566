package io.seatline.security.internal;

import io.seatline.core.Roles;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each role may do, as Shiro wildcard permissions. {@code {t}} is the user's own tenant, so no tenant
 * role can ever imply a permission on another tenant ({@code tenant:globex:...}).
 */
final class RolePermissions {
    /** What an operator-level user with the billing role may do: catalog, runs, invoices, payments of all tenants. */
    static final String OPERATOR_BILLING = "billing:*";
    private static final Map<String, List<String>> TEMPLATES = Map.of(
        Roles.OPERATOR, List.of("*"),
        Roles.TENANT_ADMIN, List.of("tenant:{t}:*"),
        Roles.SUPERVISOR, List.of("tenant:{t}:tenant:read", "tenant:{t}:seats:read,write,self", "tenant:{t}:users:read",
            "tenant:{t}:teams:read", "tenant:{t}:plugins:read", "tenant:{t}:queues:read", "tenant:{t}:agents:read,state,self",
            "tenant:{t}:calls:read,control,self,supervise,record", "tenant:{t}:cdrs:read", "tenant:{t}:realtime:read", "tenant:{t}:dids:read",
            "tenant:{t}:recordings:read", "tenant:{t}:prompts:read", "tenant:{t}:ivr:read",
            "tenant:{t}:campaigns:read,control,self", "tenant:{t}:lists:read,write", "tenant:{t}:dnc:read,write",
            "tenant:{t}:customers:read,write,delete,export,import,merge", "tenant:{t}:scripts:read,write", "tenant:{t}:blacklist:read,write",
            "tenant:{t}:tickets:read,write,assign,delete", "tenant:{t}:kb:read,write", "tenant:{t}:qa:read,coach",
            "tenant:{t}:messages:read,write,broadcast", "tenant:{t}:reports:read,schedule,manage",
            "tenant:{t}:forecasts:read,write", "tenant:{t}:schedules:read,write,self"),
        Roles.AGENT, List.of("tenant:{t}:tenant:read", "tenant:{t}:seats:read,self", "tenant:{t}:agents:self",
            "tenant:{t}:calls:self,record", "tenant:{t}:queues:read", "tenant:{t}:realtime:read", "tenant:{t}:campaigns:self",
            "tenant:{t}:customers:read,write", "tenant:{t}:scripts:read", "tenant:{t}:tickets:read,write", "tenant:{t}:kb:read",
            "tenant:{t}:messages:self", "tenant:{t}:reports:self",
            "tenant:{t}:schedules:self"),
        Roles.QA, List.of("tenant:{t}:tenant:read", "tenant:{t}:users:read", "tenant:{t}:teams:read", "tenant:{t}:cdrs:read",
            "tenant:{t}:recordings:read", "tenant:{t}:qa:read,evaluate,calibrate,manage,review,coach"),
        Roles.BILLING, List.of("tenant:{t}:tenant:read", "tenant:{t}:seats:read,history", "tenant:{t}:audit:read", "tenant:{t}:cdrs:read",
            "tenant:{t}:invoices:read", "tenant:{t}:reports:read", "tenant:{t}:forecasts:read"),
        Roles.INTEGRATOR, List.of("tenant:{t}:tenant:read", "tenant:{t}:tokens:*", "tenant:{t}:plugins:read",
            "tenant:{t}:users:read", "tenant:{t}:cdrs:read", "tenant:{t}:calls:read,control", "tenant:{t}:realtime:read",
            "tenant:{t}:campaigns:read", "tenant:{t}:lists:read,write", "tenant:{t}:customers:read,write,export",
            "tenant:{t}:tickets:read,write,assign", "tenant:{t}:kb:read,write"));

    private RolePermissions() {}

    static Set<String> of(Set<String> roles, String tenant) {
        Set<String> perms = new LinkedHashSet<>();
        for (String role : roles) {
            for (String template : TEMPLATES.getOrDefault(role, List.of())) {
                if (template.contains("{t}")) {
                    if (tenant == null) {
                        if (Roles.BILLING.equals(role)) {
                            perms.add(OPERATOR_BILLING); // the operator's billing staff: billing of every tenant, nothing else
                        }
                        continue; // a tenant role without a tenant grants nothing (fail closed)
                    }
                    perms.add(template.replace("{t}", tenant));
                } else if (Roles.OPERATOR.equals(role) && tenant == null) {
                    perms.add(template);
                }
            }
        }
        return perms;
    }
}
