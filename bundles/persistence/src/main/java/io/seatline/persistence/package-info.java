/** Persistence API: the database service, the tenant-owned entity base and the tenant-scoped JPA helper. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.seatline.persistence;
