package io.seatline.persistence;

import io.seatline.core.CallContext;
import io.seatline.core.NoTenantContextException;
import io.seatline.core.TenantContext;
import java.util.Objects;
import javax.persistence.Column;
import javax.persistence.MappedSuperclass;
import javax.persistence.PrePersist;
import javax.persistence.PreRemove;
import javax.persistence.PreUpdate;

/**
 * Base of every tenant-owned entity. The tenant is stamped from the context on insert, and an entity of
 * another tenant cannot be written. Subclasses carry
 * {@code @Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)} so that queries see only
 * the context tenant's rows (see {@link Jpa}).
 */
@MappedSuperclass
public abstract class TenantOwned {
    public static final String FILTER = "tenantFilter";
    public static final String PARAM = "tenantId";
    public static final String CONDITION = "tenant_id = :tenantId";

    @Column(name = "tenant_id", length = 32, updatable = false)
    protected String tenantId;

    public String getTenantId() {
        return tenantId;
    }

    /** Only for operator work that creates rows for a tenant explicitly (e.g. provisioning). */
    public void setTenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    @PrePersist
    void stampTenant() {
        CallContext ctx = TenantContext.current();
        if (tenantId == null) {
            if (ctx.tenantId() != null) {
                tenantId = ctx.tenantId();
            } else if (!ctx.operator()) {
                throw new NoTenantContextException("No tenant in context: refusing to write a tenant-owned row");
            }
            // else: an operator-level row (tenant_id null), e.g. an operator user; no tenant ever sees it.
        } else if (ctx.tenantId() != null && !tenantId.equals(ctx.tenantId())) {
            throw new IllegalStateException("Refusing to write a row of tenant " + tenantId + " in the context of " + ctx.tenantId());
        } else if (ctx.tenantId() == null && !ctx.operator()) {
            throw new NoTenantContextException("No tenant in context");
        }
    }

    @PreUpdate
    @PreRemove
    void checkTenant() {
        CallContext ctx = TenantContext.current();
        if (ctx.tenantId() == null ? !ctx.operator() : !Objects.equals(tenantId, ctx.tenantId())) {
            throw new IllegalStateException("Refusing to change a row of tenant " + tenantId + " in the context of " + ctx.tenantId());
        }
    }
}
