package io.seatline.tenancy;

/**
 * Seats of the tenant in context: logging agents into seats and out again. Login is refused when the
 * tenant is not active, its seats are exhausted, or the seat belongs to another tenant.
 */
public interface SeatService {

    SeatOverview overview();

    /** Logs agent {@code userId} into {@code seatId}. @throws io.seatline.core.ConflictException no free seat */
    Seat assign(String seatId, String userId);

    /** Logs whoever sits in {@code seatId} out of it. */
    Seat release(String seatId);

    /** Size of the operator's shared seat pool (operator only). */
    int sharedPoolSize();

    /** Resizes the shared pool (operator only); refuses to drop seats that are in use. */
    int resizeSharedPool(int size);
}
