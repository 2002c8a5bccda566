/** The base of every seatline:* console command: operator context named after the console user, tenant completion. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.seatline.shell;
