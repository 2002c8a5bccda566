/**
 * Outbound dialling: campaigns (preview, progressive, predictive), contact lists and their import, DNC lists,
 * dispositions and callbacks, live campaign figures, and the pacing SPI ({@link io.seatline.dialer.PacingStrategy}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package io.seatline.dialer;
