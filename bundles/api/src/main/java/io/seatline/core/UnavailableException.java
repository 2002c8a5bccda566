package io.seatline.core;

/** The service cannot answer now (overloaded, or a node is stopping); the client may retry (HTTP 503). */
public class UnavailableException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String code, String message) { super(code, message, null); }

    @Override
    public int httpStatus() { return 503; }
}
