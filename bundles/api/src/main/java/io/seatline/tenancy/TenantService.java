package io.seatline.tenancy;

import io.seatline.core.Page;
import java.util.List;

/**
 * Tenants and their seat rental. Creating, changing and listing tenants is operator work; a tenant's own
 * users may read their tenant.
 */
public interface TenantService {

    /** @throws io.seatline.core.ValidationException bad input; @throws io.seatline.core.ConflictException duplicate id */
    Tenant create(TenantSpec spec);

    /** Changes display data and seat counts; seat changes are recorded for billing. */
    Tenant update(String id, TenantSpec spec);

    /** Creates or updates a tenant from a tenant configuration (tenants/ file); never throws for "exists". */
    Tenant provision(TenantSpec spec, String source);

    Tenant get(String id);

    /** The tenants, by id; {@code status} and {@code text} (part of the id or display name) narrow them, each optional. */
    default Page<Tenant> list(TenantStatus status, String text, int offset, int limit) {
        return list(status, text, null, offset, limit);
    }

    /** As {@link #list(TenantStatus, String, int, int)}, ordered by {@code sort}: id, name, status, seats or created (null: id). */
    Page<Tenant> list(TenantStatus status, String text, io.seatline.core.Sort sort, int offset, int limit);

    default Page<Tenant> list(TenantStatus status, int offset, int limit) {
        return list(status, null, offset, limit);
    }

    Tenant suspend(String id, String reason);

    Tenant resume(String id);

    /** Closes the tenant for good: its agents are logged out of their seats; data is kept. */
    Tenant close(String id, String reason);

    List<SeatRentalChange> seatHistory(String id);
}
