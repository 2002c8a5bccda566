package io.seatline.tenancy;

import java.util.List;

/**
 * A tenant's seat position: what it rents, what is in use, and the seats it can see. {@code sharedPoolFree} is, for the
 * operator, the free seats of the whole shared pool; for the tenant's own users, the shared seats it can take now (its
 * remaining allowance, fewer when the pool has fewer free): another tenant's use of the pool is not its business.
 */
public record SeatOverview(String tenantId, int dedicatedRented, int dedicatedInUse, int sharedAllowance,
                           int sharedInUse, int sharedPoolFree, List<Seat> seats) {
}
