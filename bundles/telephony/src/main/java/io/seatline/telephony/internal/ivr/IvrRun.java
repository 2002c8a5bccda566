package io.seatline.telephony.internal.ivr;

import io.seatline.telephony.IvrMenu;
import io.seatline.telephony.IvrNode;
import java.util.concurrent.ScheduledFuture;

/** Where a caller is in an IVR (touched only on its tenant's actor). */
public final class IvrRun {
    IvrMenu menu;
    String nodeName;
    IvrNode node;
    int attempts;
    int steps;
    /** bumped on every step: callbacks of an earlier step (prompt ended, timeout) are ignored */
    int token;
    boolean awaitingInput;
    final StringBuilder digits = new StringBuilder();
    ScheduledFuture<?> timer;
    /** voicemail being recorded */
    io.seatline.telephony.internal.media.WavRecorder voicemail;
    java.time.Instant voicemailStarted;
    String mailbox;
}
