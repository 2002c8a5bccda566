package io.seatline.core;

/** 413: an upload beyond its limit (e.g. a ticket attachment); nothing of it is kept. */
public class TooLargeException extends SeatlineException {
    private static final long serialVersionUID = 1L;

    public TooLargeException(String code, String message, String field) {
        super(code, message, field);
    }

    @Override
    public int httpStatus() {
        return 413;
    }
}
