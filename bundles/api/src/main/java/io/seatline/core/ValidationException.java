package io.seatline.core;

/** Input was rejected; nothing was changed (HTTP 400). */
public class ValidationException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String code, String message) { super(code, message, null); }

    public ValidationException(String code, String message, String field) { super(code, message, field); }

    @Override
    public int httpStatus() { return 400; }
}
