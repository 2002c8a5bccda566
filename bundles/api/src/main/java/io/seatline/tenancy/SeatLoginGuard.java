package io.seatline.tenancy;

/**
 * Lets a capability veto an agent's seat login (telephony refuses agents whose phone is not registered).
 * Called in the tenant's context before the seat is taken.
 */
public interface SeatLoginGuard {

    /** @throws io.seatline.core.SeatlineException to refuse the login */
    void beforeLogin(String tenantId, String userId);
}
