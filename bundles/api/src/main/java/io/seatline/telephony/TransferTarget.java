package io.seatline.telephony;

/**
 * Where a call goes: exactly one of an agent (user id), a queue (name), or an external number (dialled through
 * a trunk with the tenant's caller id).
 */
public record TransferTarget(String agentUserId, String queue, String number) {
}
