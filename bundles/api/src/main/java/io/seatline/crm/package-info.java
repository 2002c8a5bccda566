/**
 * CRM: each tenant's customers with its own custom fields, looking a customer up by phone (screen pop), tickets, the
 * knowledge base, users' push channels and internal messages with help requests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package io.seatline.crm;
