package io.seatline.telephony;

import java.time.Instant;

/**
 * A call recording or a voicemail message (an 8 kHz 16-bit PCM WAV file).
 *
 * @param kind   CALL or VOICEMAIL
 * @param reason POLICY, SAMPLE, ON_DEMAND or VOICEMAIL
 */
public record Recording(String id, String tenantId, String callId, String kind, String reason, String agentUserId,
                        String agentLogin, String queue, String from, String to, String mailbox, Instant startedAt,
                        long durationMs, long sizeBytes, int channels, Instant expiresAt) {
}
