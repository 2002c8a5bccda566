package io.seatline.telephony;

import java.time.Instant;
import java.util.List;

/**
 * Media of the tenant in context: recording policy and recordings, voicemail, prompts, IVR menus, the business
 * calendar, on-demand recording and supervisor monitoring of live calls. Every method needs a tenant in context
 * (fail closed) except {@link #purgeExpired()} and {@link #status()}, which are the operator's.
 */
public interface MediaService {
    RecordingPolicy recordingPolicy();

    RecordingPolicy setRecordingPolicy(RecordingPolicy policy);

    /** Recordings, newest first; null filters match all. {@code kind}: CALL or VOICEMAIL. */
    List<Recording> recordings(Instant from, Instant to, String agentUserId, String callId, String kind, String mailbox,
                               int offset, int limit);

    Recording recording(String id);

    default MediaFile recordingFile(String id) {
        return recordingFile(id, false);
    }

    /**
     * The recording's file; {@code played} (a player opening it, not a seek within it) leaves {@code recording.play} in
     * the audit trail: who listened to which call's recording.
     */
    MediaFile recordingFile(String id, boolean played);

    void deleteRecording(String id);

    /** Operator: deletes every recording past its tenant's retention; returns how many. */
    int purgeExpired();

    /** Stores a prompt from a WAV file (PCM 8-48 kHz or G.711, mono or stereo), converted to 8 kHz mono. */
    Prompt uploadPrompt(String name, byte[] wav);

    List<Prompt> prompts();

    MediaFile promptFile(String name);

    void deletePrompt(String name);

    /** Validates (dangling targets, cycles without input, unknown prompts and queues) and stores a menu. */
    IvrMenu saveMenu(IvrMenu menu);

    List<IvrMenu> menus();

    IvrMenu menu(String name);

    void deleteMenu(String name);

    BusinessCalendar calendar();

    BusinessCalendar setCalendar(BusinessCalendar calendar);

    /** Starts or stops recording a live call (on-demand policy, or a supervisor's decision). */
    void record(String callId, boolean on);

    /**
     * Rings the supervisor's phone and lets it listen to a live call: MONITOR (hears both, silent), WHISPER (talks
     * to the agent only), BARGE (three-way). Called again with another mode, it changes the mode.
     */
    void supervise(String callId, String supervisorUserId, String mode);

    /** Ends the supervisor's listening of a call. */
    void stopSupervising(String callId, String supervisorUserId);

    /** Agent-initiated three-way call / small conference: another agent or number joins the call. */
    void addParty(String callId, TransferTarget target);

    /** Operator: media relay figures (ports open, packets relayed, dropped, foreign, malformed, ...). */
    java.util.Map<String, Object> status();
}
