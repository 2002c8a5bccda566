package io.seatline.tenancy;

/** DEDICATED seats belong to one tenant; SHARED seats come from the operator's pool and serve several tenants. */
public enum SeatKind { DEDICATED, SHARED }
