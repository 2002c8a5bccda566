/**
 * Workforce management: call forecasts per queue and interval from the tenant's history, the agents each interval
 * needs for a service target (Erlang C, or Erlang A with callers' patience), manual adjustments and imported history.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.seatline.workforce;
