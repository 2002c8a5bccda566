package io.seatline.tenancy;

import java.util.List;

/** A tenant's seat position: what it rents, what is in use, and the seats it can see. */
public record SeatOverview(String tenantId, int dedicatedRented, int dedicatedInUse, int sharedAllowance,
                           int sharedInUse, int sharedPoolFree, List<Seat> seats) {
}
