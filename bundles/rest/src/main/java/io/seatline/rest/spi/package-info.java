/** What a capability or a plug-in needs to contribute REST resources to {@code /api/v1}. */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.seatline.rest.spi;
