package io.seatline.core;

/** The caller may not do this (HTTP 403). */
public class ForbiddenException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String code, String message) { super(code, message, null); }

    public ForbiddenException(String code, String message, String field) { super(code, message, field); }

    @Override
    public int httpStatus() { return 403; }
}
