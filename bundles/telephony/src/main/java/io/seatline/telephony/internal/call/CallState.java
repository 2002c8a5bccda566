package io.seatline.telephony.internal.call;

/**
 * Where a call is in its life. The API shows the name ({@code CallInfo.state}); only the tenant's actor changes it.
 */
public enum CallState {
    /** waiting in a queue (music, announcements) for an agent */
    QUEUED,
    /** offered to an agent whose phone rings */
    RINGING,
    /** the customer talks with an agent or an external party */
    TALKING,
    /** the customer is on hold (music) */
    HELD,
    /** the agent consults a third party while the customer holds */
    CONSULTING,
    /** outbound: the called party is being dialled */
    ORIGINATING,
    /** outbound: answered but no agent connected in time; the abandon prompt plays */
    SAFE_HARBOUR,
    /** the caller answers the post-call survey */
    SURVEY,
    /** over; the CDR is written */
    ENDED
}
