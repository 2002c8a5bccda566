package io.seatline.core;

/** 429: too many attempts from one address or at one account; try again after {@link #retryAfterSeconds()}. */
public class TooManyRequestsException extends SeatlineException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public TooManyRequestsException(String code, String message, long retryAfterSeconds) {
        super(code, message, null);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Seconds until an attempt may succeed (the HTTP Retry-After header). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}
