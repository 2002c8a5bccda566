/**
 * Telephony and ACD: trunks and DIDs (operator), queues, agents' SIP identities and skills, agent states,
 * calls and call control, CDRs, real-time figures.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.6.0")
package io.seatline.telephony;
