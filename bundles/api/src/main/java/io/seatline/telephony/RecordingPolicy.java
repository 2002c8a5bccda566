package io.seatline.telephony;

/**
 * A tenant's recording policy.
 *
 * @param mode          ALL (every call connected to an agent), NONE, ON_DEMAND (agent or supervisor starts/stops it),
 *                      SAMPLE ({@code samplePercent} of calls, chosen at random, for QA)
 * @param samplePercent 1-100, for SAMPLE
 * @param retentionDays recordings and voicemails older than this are deleted by the retention job (1-3650)
 * @param stereo        true: customer on the left channel, agent (and other parties) on the right; false: one mixed channel
 */
public record RecordingPolicy(String mode, Integer samplePercent, Integer retentionDays, Boolean stereo) {
    public static final RecordingPolicy DEFAULT = new RecordingPolicy("ALL", 100, 90, true);
}
