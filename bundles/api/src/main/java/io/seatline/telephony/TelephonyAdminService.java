package io.seatline.telephony;

import java.util.List;

/** The operator's telephony: trunks and DIDs. Tenants may read their DIDs and choose their entry queue. */
public interface TelephonyAdminService {

    List<Trunk> trunks();

    Trunk createTrunk(TrunkSpec spec);

    Trunk updateTrunk(String id, TrunkSpec spec);

    void deleteTrunk(String id);

    /** Operator: every DID; a tenant: its own. */
    List<Did> dids();

    /** Operator: assigns {@code number} to {@code tenantId} (moves it when it had another tenant). */
    Did assignDid(String number, String tenantId, String queue, String trunkId);

    /** Operator: takes the DID back. */
    void releaseDid(String number);

    /** Operator: live figures of this node's telephony (calls in setup, calls shed by overload control, ...). */
    java.util.Map<String, Object> status();

    /** Tenant in context: points its DID at one of its queues, or at one of its IVR menus (which then wins). */
    Did routeDid(String number, String queue, String ivr);
}
