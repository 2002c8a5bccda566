package io.seatline.tenancy;

/** Lifecycle of a tenant. Only ACTIVE tenants' users may log in and take seats; CLOSED is final. */
public enum TenantStatus { ACTIVE, SUSPENDED, CLOSED }
