package io.seatline.telephony;

/**
 * One party of a call in progress, as a supervisor's wallboard shows it.
 *
 * @param kind   CUSTOMER, AGENT, EXTERNAL, CONSULT, SUPERVISOR or CONFERENCE
 * @param party  the agent's login, the number or the caller
 * @param state  RINGING or CONNECTED
 * @param mode   for a supervisor: MONITOR, WHISPER or BARGE; otherwise null
 * @param userId the Seatline user on this leg (agent or supervisor), or null
 */
public record CallParty(String kind, String party, String state, String mode, String userId) {
}
