/**
 * CRM: each tenant's customers with its own custom fields, and looking a customer up by phone (screen pop).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.seatline.crm;
