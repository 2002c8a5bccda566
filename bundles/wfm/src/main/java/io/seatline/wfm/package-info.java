/** Workforce management maths: staffing (Erlang B, C, A), forecasts, schedules, adherence and KPI counters. Pure, no I/O. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.seatline.wfm;
