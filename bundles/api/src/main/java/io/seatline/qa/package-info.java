/** Quality assurance: scorecards, evaluations of calls, sampling, calibration, disputes, QA↔CSAT analytics, coaching. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.seatline.qa;
