@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.6.0")
package io.seatline.core;
