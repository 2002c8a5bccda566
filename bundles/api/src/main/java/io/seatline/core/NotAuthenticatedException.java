package io.seatline.core;

/** No or invalid credentials (HTTP 401). */
public class NotAuthenticatedException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public NotAuthenticatedException(String code, String message) { super(code, message, null); }

    public NotAuthenticatedException(String code, String message, String field) { super(code, message, field); }

    @Override
    public int httpStatus() { return 401; }
}
