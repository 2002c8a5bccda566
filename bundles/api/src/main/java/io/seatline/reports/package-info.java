/**
 * Reports: the KPIs of a tenant's calls and agents (capacity, service, quality, productivity) by interval, queue, team
 * or agent, compared with the period before or a year before, exported as CSV or XLSX; the operator's summary of every
 * tenant. Read from interval aggregates kept up to date from the CDRs and agent state changes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.seatline.reports;
