package io.seatline.telephony;

/**
 * A DID (phone number) assigned by the operator to a tenant; inbound calls to it enter the IVR menu {@code ivr} when set, else {@code queue}.
 * {@code trunkId} is the trunk outbound calls with this number as caller id leave through (null: the first enabled).
 */
public record Did(String number, String tenantId, String queue, String trunkId, String ivr) {
}
