package io.seatline.core;

/** The request conflicts with current state, e.g. a duplicate id or no free seat (HTTP 409). */
public class ConflictException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String code, String message) { super(code, message, null); }

    public ConflictException(String code, String message, String field) { super(code, message, field); }

    @Override
    public int httpStatus() { return 409; }
}
