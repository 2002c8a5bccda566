package io.seatline.core;

/**
 * Base of every error Seatline reports to a caller. Each subclass maps to one HTTP status and carries a
 * stable machine-readable {@link #code()} and, for validation errors, the offending {@link #field()}.
 */
public abstract class SeatlineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String field;

    protected SeatlineException(String code, String message, String field) {
        super(message);
        this.code = code;
        this.field = field;
    }

    /** Stable error code, e.g. {@code invalid_tenant_id}; part of the public API. */
    public String code() { return code; }

    /** The request field the error is about, or null. */
    public String field() { return field; }

    /** HTTP status this error is reported with. */
    public abstract int httpStatus();
}
