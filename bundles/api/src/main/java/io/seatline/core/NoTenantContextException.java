package io.seatline.core;

/**
 * Thrown when tenant-scoped work is attempted with no tenant in context. Seatline fails closed: work
 * never silently falls back to "all tenants".
 */
public class NoTenantContextException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NoTenantContextException(String message) { super(message); }
}
