package io.seatline.core;

/** The thing does not exist in the caller's tenant (HTTP 404). */
public class NotFoundException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String code, String message) { super(code, message, null); }

    public NotFoundException(String code, String message, String field) { super(code, message, field); }

    @Override
    public int httpStatus() { return 404; }
}
