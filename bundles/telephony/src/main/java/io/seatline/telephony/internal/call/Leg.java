package io.seatline.telephony.internal.call;

import java.time.Instant;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;

/** One SIP dialog of a call (customer, agent, external or consult party). */
public final class Leg {
    enum Kind { CUSTOMER, AGENT, EXTERNAL, CONSULT, SUPERVISOR, CONFERENCE }

    /** the call this dialog belongs to (changes once: a leg an attended transfer by REFER moves to the transferred call) */
    Call call;
    final Kind kind;
    int legNo;
    /** agent user id or number */
    final String party;
    String agentUserId;
    String sipCallId;
    /** the INVITE we received (customer inbound) */
    ServerTransaction inviteServerTx;
    /** the INVITE we sent */
    ClientTransaction inviteClientTx;
    Dialog dialog;
    /** the SDP this party last sent us */
    byte[] sdp;
    final Instant startedAt = Instant.now();
    Instant answeredAt;
    Instant endedAt;
    String result;
    int sipStatus;
    public boolean confirmed;
    boolean cancelled;
    /** what to do when a re-INVITE we sent is answered, or refused / not sent (with the status) */
    java.util.function.Consumer<byte[]> onReinviteAnswer;
    java.util.function.IntConsumer onReinviteFailed;
    /** rings too long: cancelled (legs dialled directly: consultations, numbers) */
    java.util.concurrent.ScheduledFuture<?> ringTimer;
    /** Seatline's media endpoint for this party (null when media is not anchored) */
    public io.seatline.telephony.internal.media.MediaLeg media;
    /** supervisor legs: MONITOR, WHISPER or BARGE */
    String mode;

    Leg(Call call, Kind kind, int legNo, String party) {
        this.call = call;
        this.kind = kind;
        this.legNo = legNo;
        this.party = party;
    }

    boolean ended() {
        return endedAt != null;
    }
}
